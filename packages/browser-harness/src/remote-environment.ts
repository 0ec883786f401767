import type { GuestChannel } from './channel.js';
import type { EnvironmentDescription, RemoteEnvironment } from './environment.js';

/** The identity a launcher knows before the guest reports what it measured. */
export type EnvironmentIdentity = Pick<RemoteEnvironment, 'kind' | 'name' | 'label' | 'version' | 'engine' | 'engineVersion' | 'tier'>;

/** A RemoteEnvironment over a ready channel: the one implementation of call/errors behind pages and runtimes. */
export function connectedEnvironment<Extra extends object>(
  identity: EnvironmentIdentity,
  channel: GuestChannel,
  description: EnvironmentDescription,
  close: () => Promise<void>,
  extra: Extra,
): RemoteEnvironment & Extra {
  let closing: Promise<void> | undefined;
  return {
    ...identity,
    userAgent: description.userAgent,
    features: description.features,
    gpu: description.gpu,
    ...extra,
    call: <T>(name: string, ...args: unknown[]) => channel.call<T>(name, args),
    errors: () => channel.errors(),
    close: () => (closing ??= close()),
  };
}
