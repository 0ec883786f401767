import { join } from 'node:path';
import type { NpmSource } from './manifest.js';
import { REPOSITORY_ROOT } from './manifest.js';

/** Where installed runtimes live: RELU_RUNTIMES_DIR, else .cache/runtimes at the repository root (gitignored, kept between runs). */
export function runtimeCacheDir(): string {
  return process.env.RELU_RUNTIMES_DIR ?? join(REPOSITORY_ROOT, '.cache', 'runtimes');
}

/** One runtime's folder: <cache>/<name>@<version>. */
export function installDir(name: string, source: NpmSource, cacheDir = runtimeCacheDir()): string {
  return join(cacheDir, `${name}@${source.version}`);
}

/** Written last by the installer: a folder without it is not an installed runtime. */
export const INSTALLED_MARKER = 'runtime.json';
