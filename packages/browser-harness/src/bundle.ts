import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { guestEntrySource } from './guest-entry.js';

export interface PageBundle {
  /** Directory that holds index.html, page.js and the assets, ready to be served as the site root. */
  readonly dir: string;
}

/**
 * Bundles a page entry for the browser with esbuild (browser export conditions, so packages
 * resolve to their browser builds), the guest module first, and copies `assets` beside it, where
 * libraries that locate files relative to their own script (onnxruntime-web's .wasm) look for them.
 */
export async function bundlePage(entry: string, dir: string, assets: readonly string[] = []): Promise<PageBundle> {
  await mkdir(dir, { recursive: true });
  await build({
    stdin: { contents: guestEntrySource(entry), resolveDir: dirname(entry), sourcefile: 'relu-guest-entry.js', loader: 'js' },
    outfile: join(dir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser'],
    sourcemap: 'linked',
    logLevel: 'error',
    // The wrapper imports the guest and the entry only for their side effects; packages marked
    // "sideEffects": false (the entry's own, often) would otherwise be dropped from the bundle.
    ignoreAnnotations: true,
    // Node built-ins appear only behind runtime environment checks in the libraries bundled here.
    external: ['node:*', 'worker_threads', 'fs', 'path', 'os', 'url', 'module', 'perf_hooks', 'crypto'],
  });
  await Promise.all(assets.map((asset) => copyFile(asset, join(dir, basename(asset)))));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>relu browser harness</title><link rel="icon" href="data:,"></head>' +
      '<body><script type="module" src="./page.js"></script></body></html>\n',
  );
  return { dir };
}
