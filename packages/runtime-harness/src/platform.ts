import type { NpmSource } from './manifest.js';

/** This machine as npm's platform fields name it (os, cpu) and whether its C library is glibc. */
export interface Platform {
  readonly os: string;
  readonly cpu: string;
  readonly glibc: boolean;
}

export function currentPlatform(): Platform {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return { os: process.platform, cpu: process.arch, glibc: report?.header?.glibcVersionRuntime !== undefined };
}

/** Why an npm-packaged runtime does not apply to `platform`, or undefined when it does. */
export function platformMismatch(source: NpmSource, platform: Platform = currentPlatform()): string | undefined {
  const wanted = `${source.platform.os}-${source.platform.cpu}${source.platform.libc ? ` (${source.platform.libc})` : ''}`;
  const here = `${platform.os}-${platform.cpu}${platform.glibc ? ' (glibc)' : ''}`;
  if (source.platform.os !== platform.os || source.platform.cpu !== platform.cpu) return `${source.package}@${source.version} is built for ${wanted}, and this machine is ${here}`;
  if (source.platform.libc === 'glibc' && !platform.glibc) return `${source.package}@${source.version} needs glibc, which this machine does not have`;
  return undefined;
}
