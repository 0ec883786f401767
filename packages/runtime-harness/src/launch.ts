import type { Tier } from '@relu/browser-harness';
import type { RuntimeFamily } from './manifest.js';

/** The arguments after the executable: the family's command with the tier's and the runtime's flags and the entry filled in. */
export function launchArguments(family: RuntimeFamily, tier: Tier, runtimeFlags: readonly string[], entry: string): string[] {
  const flags = [...family.tiers[tier].flags, ...runtimeFlags];
  return family.command.flatMap((part) => (part === '{flags}' ? flags : part === '{entry}' ? [entry] : [part]));
}

/** The environment variables a launch adds: the family's, then the tier's. */
export function launchEnvironment(family: RuntimeFamily, tier: Tier): Record<string, string> {
  return { ...family.env, ...family.tiers[tier].env };
}
