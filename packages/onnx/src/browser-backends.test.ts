import { fileURLToPath } from 'node:url';
import { type BrowserPage, browserSkipReason, openBrowserPage, remoteBackend } from '@relu/browser-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_FIXED_SESSIONS, onnxWebAssets } from './index.node.js';
import { mismatchesWithCore, ordinaryValues, randomBits } from './test-support/random.js';
import { backendSuite } from './test-support/suite.js';
import type { ProbeResult } from './test-support/probe.js';

/**
 * onnxruntime-web's wasm, WebGL and WebGPU execution providers in real headless Chromium (one
 * page for the whole file). Without Chromium these tests are skipped with the reason printed;
 * under CI a missing Chromium or WebGPU adapter fails instead (browserSkipReason throws).
 */
const skipReason = browserSkipReason();
if (skipReason) console.warn(`@relu/onnx browser tests skipped: ${skipReason}`);

const page: BrowserPage | undefined = skipReason
  ? undefined
  : await openBrowserPage({ entry: fileURLToPath(new URL('./test-support/onnx-page.ts', import.meta.url)), assets: onnxWebAssets() });
afterAll(async () => page?.close());

const adapter = page ? await page.call<{ vendor: string; architecture: string; shaderF16: boolean } | null>('webgpuAdapter') : null;
const webgpuSkip = page && !adapter ? 'Chromium offers no WebGPU adapter here' : undefined;
if (webgpuSkip && process.env.CI) throw new Error(`CI requires the WebGPU backend, but ${webgpuSkip}`);
if (webgpuSkip) console.warn(`@relu/onnx WebGPU tests skipped: ${webgpuSkip}`);

const rawBits: string[] = [];
afterAll(() => {
  if (rawBits.length) console.log(['raw float32 bits | -0 | +NaN 7fc00001 | -NaN ffc00000 | -Inf | +subnormal 00000001 |', ...rawBits].join('\n'));
});

for (const executionProvider of ['wasm', 'webgl', 'webgpu'] as const) {
  describe.skipIf(!page || (executionProvider === 'webgpu' && webgpuSkip !== undefined))(`onnxBackend '${executionProvider}' in Chromium`, () => {
    backendSuite(() => ({
      executionProvider,
      runtime: 'onnxruntime-web 1.30.0',
      make: (options) => remoteBackend(page!, 'onnx', { executionProvider, ...options }),
      probe: (dtype, inputs) => page!.call<ProbeResult>('probe', executionProvider, dtype, inputs),
      report: (line) => rawBits.push(line),
    }));
  });
}

describe.skipIf(!page)('onnxBackend in Chromium: what the browser build refuses', () => {
  it("rejects 'cpu' (onnxruntime-node) with ExecutionProviderUnavailableError", async () => {
    const error = await remoteBackend(page!, 'onnx', { executionProvider: 'cpu' }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'ExecutionProviderUnavailableError' });
    expect((error as Error).message).toMatch(/'cpu' is onnxruntime-node, which runs only in Node/);
  });

  it('rejects an unknown provider with a RangeError naming options.executionProvider', async () => {
    await expect(remoteBackend(page!, 'onnx', { executionProvider: 'webnn' })).rejects.toThrow(RangeError);
    await expect(remoteBackend(page!, 'onnx', { executionProvider: 'webnn' })).rejects.toThrow(/options\.executionProvider/);
    await expect(remoteBackend(page!, 'onnx', 'webgpu')).rejects.toThrow(TypeError);
  });

  it.skipIf(webgpuSkip !== undefined)('refuses WebGPU when the page has no adapter or no navigator.gpu, instead of running elsewhere', async () => {
    try {
      await page!.call('sabotage', 'no-adapter');
      const noAdapter = await remoteBackend(page!, 'onnx', { executionProvider: 'webgpu' }).catch((e: unknown) => e as Error);
      expect(noAdapter).toMatchObject({ name: 'ExecutionProviderUnavailableError' });
      expect((noAdapter as Error).message).toMatch(/requestAdapter\(\) returned no adapter/);
      await page!.call('sabotage', 'restore');
      await page!.call('sabotage', 'no-navigator-gpu');
      const noGpu = await remoteBackend(page!, 'onnx', { executionProvider: 'webgpu' }).catch((e: unknown) => e as Error);
      expect((noGpu as Error).message).toMatch(/navigator\.gpu is undefined/);
    } finally {
      await page!.call('sabotage', 'restore');
    }
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgpu' });
    expect([...(await backend.run(new Float32Array([-1, 1])))]).toEqual([0, 1]);
    await backend.dispose();
  });

  it('refuses WebGL when there is no WebGL2 context (onnxruntime-web would fall back to WebGL1)', async () => {
    try {
      await page!.call('sabotage', 'no-webgl2');
      const error = await remoteBackend(page!, 'onnx', { executionProvider: 'webgl' }).catch((e: unknown) => e as Error);
      expect(error).toMatchObject({ name: 'ExecutionProviderUnavailableError' });
      expect((error as Error).message).toMatch(/no WebGL2 context/);
    } finally {
      await page!.call('sabotage', 'restore');
    }
  });

  it.skipIf(webgpuSkip !== undefined)('guards against the silent per-node fallback: without it onnxruntime-web runs int32 Relu under "webgpu" on its CPU EP', async () => {
    // The unguarded session is created and computes, on the wasm CPU EP, under the name 'webgpu'...
    expect(await page!.call('unguardedWebGpu', 'int32')).toEqual([0, 0, 7]);
    // ...while the backend's runtime refuses it (session.disable_cpu_ep_fallback).
    const probe = await page!.call<ProbeResult>('probe', 'webgpu', 'int32', ['-3', '0', '7']);
    expect(probe.error).toMatch(/fallback to CPU EP has been explicitly disabled/);
  });

  it.skipIf(webgpuSkip !== undefined)('reports the WebGPU adapter that computes', async () => {
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgpu' });
    expect(backend.info).toMatchObject({ adapter: `${adapter!.vendor}/${adapter!.architecture}`, shaderF16: adapter!.shaderF16 });
    expect(typeof backend.info?.adapterFallback).toBe('boolean');
    await backend.dispose();
  });
});

describe.skipIf(!page)('onnxBackend in Chromium: Float16Array', () => {
  it("takes a Float16Array and returns a Float16Array ('wasm')", async () => {
    const result = await page!.call<{ type: string; bits: number[] } | null>('float16Array', 'wasm');
    expect(result).not.toBeNull();
    expect(result!.type).toBe('[object Float16Array]');
    expect(result!.bits.slice(0, 3)).toEqual([0x0000, 0x4000, 0x0000]);
    expect(result!.bits[3]! & 0x7fff).toBeGreaterThan(0x7c00);
    expect(result!.bits[4]).toBe(0x3800);
  });
});

describe.skipIf(!page)("onnxBackend 'webgl': fixed shapes and texture limits", () => {
  it('reports WebGL2, its renderer and MAX_TEXTURE_SIZE', async () => {
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgl' });
    expect(backend.info).toMatchObject({ context: 'webgl2' });
    expect(backend.info?.maxTextureSize).toBeGreaterThanOrEqual(4096);
    expect(String(backend.info?.renderer)).not.toBe('');
    await backend.dispose();
  });

  it('runs an input longer than one texture row (2 * MAX_TEXTURE_SIZE + 5 elements) in one texture', async () => {
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgl', canonical: true });
    const x = randomBits('float32', 2 * Number(backend.info?.maxTextureSize) + 5, 13);
    expect(mismatchesWithCore('float32', x, await backend.run(x))).toEqual([]);
    await backend.dispose();
  });

  it(`makes one session per length and keeps at most ${MAX_FIXED_SESSIONS}, all results correct`, async () => {
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgl' });
    for (let length = 1; length <= MAX_FIXED_SESSIONS + 6; length++) {
      const x = ordinaryValues('float32', length, length);
      expect(mismatchesWithCore('float32', x, await backend.run(x)), `length ${length}`).toEqual([]);
    }
    const again = ordinaryValues('int16', 3, 99);
    expect(mismatchesWithCore('int16', again, await backend.run(again))).toEqual([]);
    await backend.dispose();
  });
});

describe.skipIf(!page)('a page that does not serve the onnxruntime-web files', () => {
  it("fails 'wasm' loudly (ExecutionProviderUnavailableError naming the file), while 'webgl' needs none", async () => {
    const bare = await openBrowserPage({ entry: fileURLToPath(new URL('./test-support/onnx-page.ts', import.meta.url)), assets: [] });
    try {
      const wasm = await remoteBackend(bare, 'onnx', { executionProvider: 'wasm' });
      const error = await wasm.run(new Float32Array(1)).catch((e: unknown) => e as Error);
      expect(error).toMatchObject({ name: 'ExecutionProviderUnavailableError' });
      expect((error as Error).message).toMatch(/fetching of the wasm failed.*ort-wasm-simd-threaded\.jsep\.wasm/);
      const webgl = await remoteBackend(bare, 'onnx', { executionProvider: 'webgl' });
      expect([...(await webgl.run(new Float32Array([-1, 1])))]).toEqual([0, 1]);
    } finally {
      await bare.close();
    }
  });
});

describe.skipIf(!page)('the browser page', () => {
  it('logged no errors', () => {
    // WebGPU validation errors from the probes of dtypes the backend refuses are expected there;
    // anything else is a failure.
    const unexpected = page!.errors().filter((e) => !/WebGPU validation error|fallback to CPU EP has been explicitly disabled|Could not find an implementation|Can't create a session|unsupported data type|IsNodeCompatibleWithProvider/.test(e));
    expect(unexpected).toEqual([]);
  });
});
