import { type ReluBackend, type RunOptions, type ReluTypedArray, backendOps } from '@relu/core';
import { GUEST_GLOBAL, type GuestRegistry, type RemoteBackendDescription } from '../protocol.js';
import { probeEnvironment } from './probe-environment.js';
import { startTransport } from './transport.js';

/**
 * The guest side of the harness: what an entry module (a browser page, or a module run in a
 * child runtime) calls to make functions callable from the harness. The same module works in
 * every browser and runtime; the harness bundles it first, so the channel is open before the
 * entry's own code runs.
 */

function registry(): GuestRegistry {
  const g = globalThis as unknown as Record<string, GuestRegistry | undefined>;
  const existing = g[GUEST_GLOBAL];
  if (existing) return existing;
  const created: GuestRegistry = { ready: false, connected: false, functions: {}, send: () => {} };
  g[GUEST_GLOBAL] = created;
  startTransport(created);
  return created;
}

registry();

/** Registers functions the harness can call by name; what they return or throw goes back intact. */
export function expose(functions: Record<string, (...args: never[]) => unknown>): void {
  Object.assign(registry().functions, functions);
}

/** Sends a progress message to the harness (fire and forget; dropped outside a harness). */
export function reportProgress(message: unknown): void {
  registry().send({ t: 'progress', body: message });
}

/**
 * Tells the harness the guest is ready, with what it measured of its environment (features and
 * GPU stack): the harness waits for this before its first call.
 */
export async function markReady(): Promise<void> {
  const target = registry();
  if (target.ready) return;
  target.ready = true;
  const environment = await probeEnvironment();
  target.send({ t: 'ready', body: environment });
}

export type BackendFactory = (options: unknown) => Promise<ReluBackend>;

/**
 * Makes backends constructible from the harness by factory name; the harness's remoteBackend()
 * drives them. Inputs arrive with their view offset kept (the codec sends the whole buffer).
 */
export function exposeBackends(factories: Record<string, BackendFactory>): void {
  const live = new Map<number, ReluBackend>();
  let nextId = 1;
  const backend = (id: number): ReluBackend => {
    const found = live.get(id);
    if (!found) throw new Error(`no live backend with id ${id} in this guest`);
    return found;
  };
  expose({
    'backend.create': async (factory: string, options: unknown): Promise<RemoteBackendDescription> => {
      const create = factories[factory];
      if (!create) throw new RangeError(`factory must be one of ${Object.keys(factories).join(', ')}; got ${JSON.stringify(factory)}`);
      const created = await create(options);
      const id = nextId++;
      live.set(id, created);
      return { id, name: created.name, dtypes: created.dtypes, ops: backendOps(created), info: created.info ?? {} };
    },
    'backend.run': async (id: number, x: ReluTypedArray, options: RunOptions | undefined) => backend(id).run(x, options),
    'backend.info': async (id: number) => backend(id).info ?? {},
    'backend.dispose': async (id: number) => {
      await backend(id).dispose();
      live.delete(id);
    },
  });
}
