import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { guestEntrySource } from '@relu/browser-harness';
import { build } from 'esbuild';

/**
 * Packages left to the runtime's own resolver instead of being bundled, each for a reason:
 * a Node-API addon (onnxruntime-node), or libraries that find their own .wasm files relative to
 * their script (onnxruntime-web, tfjs-backend-wasm), which bundling would move away from them.
 */
export const RUNTIME_EXTERNALS: readonly string[] = ['onnxruntime-node', 'onnxruntime-web', '@tensorflow/tfjs-backend-wasm'];

/**
 * Where the bundle is written: under the entry's nearest node_modules (so externals resolve from
 * there, in every runtime's resolver), else a temporary folder.
 */
async function bundleFolder(entry: string): Promise<{ dir: string; root: string }> {
  for (let root = dirname(entry); ; root = dirname(root)) {
    if (existsSync(join(root, 'node_modules'))) {
      const cache = join(root, 'node_modules', '.cache', 'relu-runtime-harness');
      await mkdir(cache, { recursive: true });
      return { dir: await mkdtemp(join(cache, 'guest-')), root };
    }
    if (dirname(root) === root) {
      const dir = await mkdtemp(join(tmpdir(), 'relu-guest-'));
      return { dir, root: dir };
    }
  }
}

export interface RuntimeBundle {
  readonly dir: string;
  readonly file: string;
  /** The folder the runtime should start in: the one that holds the node_modules the externals come from. */
  readonly cwd: string;
}

/**
 * Bundles a guest entry (TS or JS) for server runtimes with esbuild: platform node (Bun and Deno
 * read the same node: built-ins and export conditions), ESM, the guest module first.
 */
export async function bundleForRuntime(entry: string, external: readonly string[] = []): Promise<RuntimeBundle> {
  const { dir, root } = await bundleFolder(entry);
  const file = join(dir, 'guest.mjs');
  await build({
    stdin: { contents: guestEntrySource(entry), resolveDir: dirname(entry), sourcefile: 'relu-guest-entry.js', loader: 'js' },
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'error',
    // As for pages: the wrapper's imports are for their side effects, whatever "sideEffects" says.
    ignoreAnnotations: true,
    external: [...RUNTIME_EXTERNALS, ...external],
    // CommonJS dependencies call require(); an ESM bundle has none unless it is made here.
    banner: { js: "import { createRequire as __reluCreateRequire } from 'node:module'; const require = __reluCreateRequire(import.meta.url);" },
  });
  return { dir, file, cwd: root };
}
