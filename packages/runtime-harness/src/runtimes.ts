import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type EngineFamily, EnvironmentUnavailableError, skipOrFail } from '@relu/browser-harness';
import { INSTALLED_MARKER, installDir, runtimeCacheDir } from './cache.js';
import { type RuntimeEntry, type RuntimeManifest, loadManifest } from './manifest.js';
import { platformMismatch } from './platform.js';
import { type RuntimeProbe, probeRuntime } from './probe.js';

/** A runtime could not be found or started; the message says which, why, and how to get it. */
export class RuntimeUnavailableError extends EnvironmentUnavailableError {
  override readonly name = 'RuntimeUnavailableError';
}

/** One runtime of the manifest, as found on this machine. */
export interface RuntimeInfo {
  /** 'node20', 'node22', 'node24', 'node26', 'bun', 'deno'. */
  readonly name: string;
  readonly family: string;
  readonly engine: EngineFamily;
  /** The pinned version (npm), or the version found (system). */
  readonly version: string;
  /** Probed from the binary once installed: V8's version, or the WebKit revision of Bun's JavaScriptCore. */
  readonly engineVersion?: string;
  readonly float16Array?: boolean;
  readonly source: 'npm' | 'system';
  readonly executable?: string;
  readonly available: boolean;
  /** Why it is not available, and how to make it so. */
  readonly reason?: string;
  /** For reports: 'Node 22.23.5', 'Bun 1.4.5', 'Deno 2.9.6'. */
  readonly label: string;
}

/** What the installer writes into a runtime's folder once it is installed and probed. */
export interface InstalledRuntime {
  readonly name: string;
  readonly package: string;
  readonly version: string;
  readonly integrity: string;
  /** Relative to the runtime's folder. */
  readonly executable: string;
  readonly probe: RuntimeProbe;
}

const FAMILY_LABELS: Readonly<Record<string, string>> = { node: 'Node', bun: 'Bun', deno: 'Deno' };

function label(family: string, version: string): string {
  return `${FAMILY_LABELS[family] ?? family} ${version}`;
}

/** The installed runtime in `dir` if its marker matches the pinned package, else undefined. */
export function readInstalled(dir: string, entry: RuntimeEntry): InstalledRuntime | undefined {
  const marker = join(dir, INSTALLED_MARKER);
  if (!existsSync(marker)) return undefined;
  const installed = JSON.parse(readFileSync(marker, 'utf8')) as InstalledRuntime;
  const source = entry.npm!;
  if (installed.package !== source.package || installed.version !== source.version || installed.integrity !== source.integrity) return undefined;
  return existsSync(join(dir, installed.executable)) ? installed : undefined;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const systemProbes = new Map<string, RuntimeProbe>();

async function systemRuntime(manifest: RuntimeManifest, entry: RuntimeEntry): Promise<RuntimeInfo> {
  const family = manifest.families[entry.family]!;
  const system = entry.system!;
  const base = { name: entry.name, family: entry.family, engine: family.engine, source: 'system' as const };
  const executable = onPath(system.command);
  if (!executable) return { ...base, version: `${system.major}.x`, label: label(entry.family, `${system.major}`), available: false, reason: `no ${system.command} on PATH` };
  let probe = systemProbes.get(executable);
  if (!probe) {
    probe = await probeRuntime(executable, family, entry.flags);
    systemProbes.set(executable, probe);
  }
  const found = { ...base, version: probe.version, engineVersion: probe.engineVersion, float16Array: probe.float16Array, executable, label: label(entry.family, probe.version) };
  if (Number(probe.version.split('.')[0]) !== system.major) {
    return { ...found, available: false, reason: `${executable} is ${entry.family} ${probe.version}, not ${system.major}.x` };
  }
  return { ...found, available: true };
}

function npmRuntime(manifest: RuntimeManifest, entry: RuntimeEntry, cacheDir: string): RuntimeInfo {
  const source = entry.npm!;
  const base = {
    name: entry.name,
    family: entry.family,
    engine: manifest.families[entry.family]!.engine,
    version: source.version,
    source: 'npm' as const,
    label: label(entry.family, source.version),
  };
  const mismatch = platformMismatch(source);
  if (mismatch) return { ...base, available: false, reason: mismatch };
  const dir = installDir(entry.name, source, cacheDir);
  const installed = readInstalled(dir, entry);
  if (!installed) return { ...base, available: false, reason: `not installed in ${dir}: run \`npm run runtimes:install\`` };
  return {
    ...base,
    engineVersion: installed.probe.engineVersion,
    float16Array: installed.probe.float16Array,
    executable: join(dir, installed.executable),
    available: true,
  };
}

/**
 * Every runtime of the manifest with whether it can run here, in manifest order. Installs
 * nothing (installRuntimes does); the machine's Node is probed once per process.
 */
export async function runtimes(manifest: RuntimeManifest = loadManifest(), cacheDir = runtimeCacheDir()): Promise<RuntimeInfo[]> {
  return Promise.all(manifest.runtimes.map((entry) => (entry.system ? systemRuntime(manifest, entry) : npmRuntime(manifest, entry, cacheDir))));
}

/** The runtime named `name`; a name the manifest lacks is a RangeError listing the names it has. */
export async function findRuntime(name: string, manifest: RuntimeManifest = loadManifest()): Promise<RuntimeInfo> {
  const entry = manifest.runtimes.find((r) => r.name === name);
  if (!entry) throw new RangeError(`runtime must be one of ${manifest.runtimes.map((r) => r.name).join(', ')} (from ${manifest.path}); got ${JSON.stringify(name)}`);
  const [info] = await runtimes({ ...manifest, runtimes: [entry] });
  return info!;
}

/**
 * Why tests in runtime `info` cannot run here, as a one-line notice for the caller to print when
 * it skips them, or undefined when they can. Under CI a missing runtime is a failure: this throws.
 */
export function runtimeSkipReason(info: RuntimeInfo): string | undefined {
  return skipOrFail(`the ${info.name} runtime`, info.available ? undefined : info.reason, (message) => new RuntimeUnavailableError(message));
}
