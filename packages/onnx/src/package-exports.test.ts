import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The built package as its users get it (dist/, through the "exports" map): these tests need
 * `npm run build` first, which `turbo run test` does (test depends on build).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_BUILTINS = ['node:*', 'worker_threads', 'fs', 'path', 'os', 'url', 'module', 'perf_hooks', 'crypto'];

beforeAll(() => {
  if (!existsSync(`${root}dist/index.node.js`) || !existsSync(`${root}dist/index.browser.js`)) {
    throw new Error('dist/ is missing: run `npx turbo run build --filter=@relu/onnx` (or npm run build) before these tests');
  }
});

describe('package exports', () => {
  it('maps "browser" to the browser build and "node" to the Node build, each with its types', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, Record<string, unknown>> };
    expect(pkg.exports['.']).toEqual({
      browser: { types: './dist/index.browser.d.ts', default: './dist/index.browser.js' },
      node: { types: './dist/index.node.d.ts', default: './dist/index.node.js' },
      types: './dist/index.browser.d.ts',
      default: './dist/index.browser.js',
    });
  });

  it("in Node, 'wasm' runs without loading onnxruntime-node, and 'cpu' loads it", () => {
    // A fresh process importing the package by name (self-reference through "exports", condition
    // "node"); onnxruntime-node is CommonJS, so loading it registers it in require.cache.
    const probe = (executionProvider: string) => {
      const script = `
        import { createRequire } from 'node:module';
        const { onnxBackend } = await import('@relu/onnx');
        const backend = await onnxBackend({ executionProvider: ${JSON.stringify(executionProvider)} });
        const y = await backend.run(new Float32Array([-1, 2]));
        await backend.dispose();
        const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('onnxruntime-node'));
        console.log(JSON.stringify({ y: Array.from(y), name: backend.name, onnxruntimeNode: loaded.length > 0 }));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
      return JSON.parse(out.trim().split('\n').pop()!) as { y: number[]; name: string; onnxruntimeNode: boolean };
    };
    expect(probe('wasm')).toEqual({ y: [0, 2], name: 'onnx-web-wasm', onnxruntimeNode: false });
    expect(probe('cpu')).toEqual({ y: [0, 2], name: 'onnx-cpu', onnxruntimeNode: true });
  }, 60_000);

  it('bundles for the browser without onnxruntime-node and without Node built-ins in its own code', async () => {
    const result = await build({
      stdin: { contents: "export * from '@relu/onnx';", resolveDir: root, loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['browser'],
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
      // onnxruntime-web itself names Node built-ins behind environment checks.
      external: NODE_BUILTINS,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('onnxruntime-node'))).toBe(false);
    expect(inputs.some((p) => p.endsWith('onnxruntime-web/dist/ort.bundle.min.mjs'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('onnxruntime-web/dist/ort.webgl.min.mjs'))).toBe(true);
    const own = Object.entries(result.metafile.inputs).filter(([p]) => p.startsWith('dist/'));
    expect(own.map(([p]) => p.replace(/.*dist\//, '')).sort()).toContain('index.browser.js');
    expect(own.some(([p]) => p.endsWith('assets.js') || p.endsWith('runtime-cpu.js') || p.endsWith('index.node.js'))).toBe(false);
    for (const [path, input] of own) expect(input.imports.filter((i) => i.external).map((i) => i.path), path).toEqual([]);
  });

  it('the Node build needs no DOM: its module graph has no WebGL or WebGPU code', async () => {
    const result = await build({
      entryPoints: [`${root}dist/index.node.js`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
      packages: 'external',
    });
    const own = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('dist/'));
    expect(own.some((p) => /runtime-web(gl|gpu)|runtimes\.browser|index\.browser/.test(p))).toBe(false);
    expect(own.some((p) => p.endsWith('index.node.js'))).toBe(true);
  });
});
