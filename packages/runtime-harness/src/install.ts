import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { INSTALLED_MARKER, installDir, runtimeCacheDir } from './cache.js';
import { type NpmSource, type RuntimeEntry, type RuntimeManifest, loadManifest } from './manifest.js';
import { platformMismatch } from './platform.js';
import { probeRuntime } from './probe.js';
import { type InstalledRuntime, readInstalled } from './runtimes.js';

const exec = promisify(execFile);

export interface InstallOutcome {
  readonly name: string;
  /** 'installed' now, 'cached' (already there, checked), 'system' (the machine's, nothing to install), 'unavailable' (not for this platform). */
  readonly status: 'installed' | 'cached' | 'system' | 'unavailable';
  readonly seconds: number;
  readonly reason?: string;
}

export interface InstallOptions {
  /** Only these runtimes (default: every runtime of the manifest). */
  readonly names?: readonly string[];
  /** Receives the one-line notices (what is installed, how big, where); default console.log. */
  readonly onNotice?: (line: string) => void;
  readonly manifest?: RuntimeManifest;
  readonly cacheDir?: string;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** The tarball's sha512 in the registry's integrity format. */
async function integrityOf(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

/**
 * One runtime: `npm pack` fetches the pinned tarball through npm (its registry settings and its
 * cache), its sha512 must equal the manifest's integrity, then it is extracted beside the final
 * folder and renamed into place, so an interrupted install never looks installed.
 */
async function installOne(manifest: RuntimeManifest, entry: RuntimeEntry, source: NpmSource, cacheDir: string): Promise<void> {
  const dir = installDir(entry.name, source, cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(join(cacheDir, `.${entry.name}-`));
  try {
    const spec = `${source.package}@${source.version}`;
    // cwd is the staging folder, so a project's .npmrc does not apply; the user's and npm's defaults do.
    const { stdout } = await exec('npm', ['pack', spec, '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', staging], {
      cwd: staging,
      maxBuffer: 1 << 26,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; integrity: string }[];
    const tarball = join(staging, packed!.filename);
    const integrity = await integrityOf(tarball);
    if (integrity !== source.integrity || packed!.integrity !== source.integrity) {
      throw new Error(`${spec}: the downloaded tarball's integrity is ${integrity}, but ${manifest.path} pins ${source.integrity}`);
    }
    const unpacked = join(staging, 'package');
    await mkdir(unpacked);
    await exec('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
    await rm(tarball);
    const probe = await probeRuntime(join(unpacked, source.bin), manifest.families[entry.family]!, entry.flags);
    const installed: InstalledRuntime = { name: entry.name, package: source.package, version: source.version, integrity, executable: source.bin, probe };
    await writeFile(join(unpacked, INSTALLED_MARKER), `${JSON.stringify(installed, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(unpacked, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Installs the pinned npm-packaged runtimes that are missing (two at a time), after one line that
 * says what and how big. Cached ones are checked (marker, integrity, executable) and kept. A
 * runtime not built for this platform is reported unavailable, not an error.
 */
export async function installRuntimes(options: InstallOptions = {}): Promise<InstallOutcome[]> {
  const manifest = options.manifest ?? loadManifest();
  const cacheDir = options.cacheDir ?? runtimeCacheDir();
  const notice = options.onNotice ?? ((line: string) => console.log(line));
  const unknown = (options.names ?? []).filter((name) => !manifest.runtimes.some((r) => r.name === name));
  if (unknown.length > 0) throw new RangeError(`names must be runtimes of ${manifest.path} (${manifest.runtimes.map((r) => r.name).join(', ')}); got ${unknown.join(', ')}`);
  const selected = manifest.runtimes.filter((r) => !options.names || options.names.includes(r.name));
  const outcomes = new Map<string, InstallOutcome>();
  const missing: (RuntimeEntry & { npm: NpmSource })[] = [];
  for (const entry of selected) {
    if (!entry.npm) {
      outcomes.set(entry.name, { name: entry.name, status: 'system', seconds: 0 });
      continue;
    }
    const mismatch = platformMismatch(entry.npm);
    if (mismatch) outcomes.set(entry.name, { name: entry.name, status: 'unavailable', seconds: 0, reason: mismatch });
    else if (readInstalled(installDir(entry.name, entry.npm, cacheDir), entry)) outcomes.set(entry.name, { name: entry.name, status: 'cached', seconds: 0 });
    else missing.push(entry as RuntimeEntry & { npm: NpmSource });
  }
  const unavailable = [...outcomes.values()].filter((o) => o.status === 'unavailable');
  if (unavailable.length > 0) notice(`runtimes: not installed here (${unavailable.map((o) => o.name).join(', ')}): ${unavailable[0]!.reason}${unavailable.length > 1 ? ', and likewise for the others' : ''}`);
  if (missing.length > 0) {
    const download = missing.reduce((sum, r) => sum + r.npm.downloadBytes, 0);
    const disk = missing.reduce((sum, r) => sum + r.npm.unpackedBytes, 0);
    notice(
      `runtimes: installing ${missing.map((r) => `${r.name} (${r.npm.package}@${r.npm.version})`).join(', ')}: ${megabytes(download)} download, ${megabytes(disk)} on disk, into ${relative(process.cwd(), cacheDir) || cacheDir}`,
    );
    const queue = [...missing];
    const worker = async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) {
        const started = performance.now();
        await installOne(manifest, entry, entry.npm, cacheDir);
        outcomes.set(entry.name, { name: entry.name, status: 'installed', seconds: (performance.now() - started) / 1000 });
      }
    };
    await Promise.all([worker(), worker()]);
  }
  return selected.map((entry) => outcomes.get(entry.name)!);
}
