import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineFamily, Tier } from '@relu/browser-harness';

/**
 * The pinned runtimes, as data: runtimes/runtimes.json at the repository root (or the file named
 * by RELU_RUNTIMES_MANIFEST). Adding a runtime of a known family is one entry there; a new
 * family is one entry in `families`.
 */
export interface TierLaunch {
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly reason: string;
}

export interface RuntimeFamily {
  readonly engine: EngineFamily;
  /** Arguments after the executable: '{flags}' expands to the tier's and the runtime's flags, '{entry}' to the module. */
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly envReason?: string;
  readonly tiers: Readonly<Record<Tier, TierLaunch>>;
}

export interface NpmSource {
  readonly package: string;
  readonly version: string;
  /** The registry's dist.integrity of the tarball, checked against what npm pack downloaded. */
  readonly integrity: string;
  /** The executable, relative to the package root. */
  readonly bin: string;
  /** Where the package runs (its os/cpu, and libc where it needs glibc). */
  readonly platform: { readonly os: string; readonly cpu: string; readonly libc?: 'glibc' };
  readonly downloadBytes: number;
  readonly unpackedBytes: number;
}

/** A runtime the machine provides (the machine's Node), found on PATH and checked by major version. */
export interface SystemSource {
  readonly command: string;
  readonly major: number;
}

export interface RuntimeEntry {
  readonly name: string;
  readonly family: string;
  readonly npm?: NpmSource;
  readonly system?: SystemSource;
  /** Flags this runtime always gets (e.g. Node 20's --experimental-websocket), with the reason. */
  readonly flags?: readonly string[];
  readonly flagsReason?: string;
}

export interface RuntimeManifest {
  /** The manifest file, for messages. */
  readonly path: string;
  readonly families: Readonly<Record<string, RuntimeFamily>>;
  readonly runtimes: readonly RuntimeEntry[];
}

/** The repository root: this package lives in packages/runtime-harness, compiled into dist/ or run from src/. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * RELU_RUNTIMES_MANIFEST, else the repository's runtimes/runtimes.json, else (installed from a
 * tarball, as @relu/conformance's dependency) the copy the build puts beside this file.
 */
export function manifestPath(): string {
  if (process.env.RELU_RUNTIMES_MANIFEST) return process.env.RELU_RUNTIMES_MANIFEST;
  const repository = join(REPOSITORY_ROOT, 'runtimes', 'runtimes.json');
  return existsSync(repository) ? repository : fileURLToPath(new URL('./runtimes.json', import.meta.url));
}

function fail(path: string, where: string, expected: string, got: unknown): never {
  throw new TypeError(`${path}: ${where} must be ${expected}; got ${JSON.stringify(got)}`);
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

/** Reads and checks the manifest; a malformed entry is a TypeError naming the file, the entry and the field. */
export function loadManifest(path = manifestPath()): RuntimeManifest {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { families?: unknown; runtimes?: unknown };
  if (typeof data.families !== 'object' || data.families === null) fail(path, 'families', 'an object', data.families);
  if (!Array.isArray(data.runtimes)) fail(path, 'runtimes', 'an array', data.runtimes);
  const families = data.families as Record<string, RuntimeFamily>;
  for (const [name, family] of Object.entries(families)) {
    if (!['V8', 'JavaScriptCore', 'SpiderMonkey'].includes(family.engine)) fail(path, `families.${name}.engine`, "'V8', 'JavaScriptCore' or 'SpiderMonkey'", family.engine);
    if (!isStringArray(family.command) || !family.command.includes('{entry}')) fail(path, `families.${name}.command`, "an array of strings with '{entry}'", family.command);
    for (const tier of ['optimized', 'cold'] as const) {
      const launch = family.tiers?.[tier];
      if (!launch || !isStringArray(launch.flags) || !isStringRecord(launch.env) || typeof launch.reason !== 'string') {
        fail(path, `families.${name}.tiers.${tier}`, '{ flags: string[], env: { [name]: string }, reason: string }', launch);
      }
    }
  }
  const names = new Set<string>();
  for (const [index, entry] of (data.runtimes as RuntimeEntry[]).entries()) {
    const where = `runtimes[${index}]`;
    if (typeof entry.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(entry.name)) fail(path, `${where}.name`, 'a lower-case name', entry.name);
    if (names.has(entry.name)) fail(path, `${where}.name`, 'unique', entry.name);
    names.add(entry.name);
    if (!Object.hasOwn(families, entry.family)) fail(path, `${where}.family`, `one of ${Object.keys(families).join(', ')}`, entry.family);
    if ((entry.npm === undefined) === (entry.system === undefined)) fail(path, where, 'an entry with exactly one of npm or system', entry);
    if (entry.npm && !/^sha512-[A-Za-z0-9+/]+=*$/.test(entry.npm.integrity)) fail(path, `${where}.npm.integrity`, 'a sha512 integrity string', entry.npm.integrity);
    if (entry.npm && !/^\d+\.\d+\.\d+$/.test(entry.npm.version)) fail(path, `${where}.npm.version`, 'an exact version', entry.npm.version);
    if (entry.flags !== undefined && !isStringArray(entry.flags)) fail(path, `${where}.flags`, 'an array of strings', entry.flags);
  }
  return { path, families, runtimes: data.runtimes as RuntimeEntry[] };
}
