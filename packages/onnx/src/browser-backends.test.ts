import { fileURLToPath } from 'node:url';
import { type Attributes, type BackendOps, type DType, OPS, type OpName, SPECIAL_VALUES, arrayBits, arrayFromBits, prng, randomBits } from '@relu/core';
import { type BrowserPage, browserSkipReason, openBrowserPage, remoteBackend } from '@relu/browser-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExecutionProvider, MAX_CACHED_SESSIONS, onnxWebAssets } from './index.node.js';
import { capabilityProblems } from './test-support/capabilities.js';
import type { ProbeResult } from './test-support/probe.js';
import { mismatchesWithCore, ordinaryValues } from './test-support/random.js';

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

interface OpBackend {
  readonly id: number;
  readonly name: string;
  readonly ops: BackendOps;
  readonly info: Readonly<Record<string, unknown>>;
}

/** A backend in the page, driven with ops and attributes; disposed after `fn`. */
async function withOpBackend<R>(options: Record<string, unknown>, fn: (backend: OpBackend, run: (op: OpName, attributes: Attributes, dtype: DType, bits: readonly string[]) => Promise<string[]>) => Promise<R>): Promise<R> {
  const backend = await page!.call<OpBackend>('opBackend.create', options);
  try {
    return await fn(backend, (op, attributes, dtype, bits) => page!.call<string[]>('opBackend.run', backend.id, op, attributes, dtype, bits));
  } finally {
    await page!.call('opBackend.dispose', backend.id);
  }
}

for (const executionProvider of ['wasm', 'webgl', 'webgpu'] as const satisfies readonly ExecutionProvider[]) {
  describe.skipIf(!page || (executionProvider === 'webgpu' && webgpuSkip !== undefined))(`onnxBackend '${executionProvider}' in Chromium`, () => {
    it('runs every op on every dtype it lists, and really cannot run the ones it leaves out, for the reason EXCLUDED_DTYPES gives', async () => {
      await withOpBackend({ executionProvider }, async (backend, run) => {
        expect(backend.info).toMatchObject({ runtime: 'onnxruntime-web 1.30.0', executionProvider, canonical: false });
        const problems = await capabilityProblems({
          executionProvider,
          ops: backend.ops,
          shaderF16: backend.info.shaderF16 === true,
          run,
          probe: (op, attributes, dtype, bits) => page!.call<ProbeResult>('probe', executionProvider, op, attributes, dtype, bits),
        });
        expect(problems).toEqual([]);
      });
    });

    it('canonical mode gives @relu/core\'s bits for every special value of every op and dtype it lists', async () => {
      await withOpBackend({ executionProvider, canonical: true }, async (backend, run) => {
        expect(backend.name).toMatch(/\+canonical$/);
        for (const [op, dtypes] of Object.entries(backend.ops) as [OpName, DType[]][]) {
          const attributes: Attributes = op === 'leakyRelu' ? { alpha: 0.1 } : {};
          for (const dtype of dtypes) {
            const bits = [...SPECIAL_VALUES[dtype].map((v) => v.input), '0x40c00000', '0x40c00001'].filter((b) => dtype === 'float32' || !b.startsWith('0x40c0'));
            const x = arrayFromBits(dtype, bits);
            expect(mismatchesWithCore(OPS[op], attributes, dtype, x, arrayFromBits(dtype, await run(op, attributes, dtype, bits))), `${op} ${dtype}`).toEqual([]);
          }
        }
      });
    });

    it('captures x at the call (written, transferred, shrunk while pending) and takes SharedArrayBuffer-backed inputs', async () => {
      expect(await page!.call('capture', executionProvider)).toEqual({ written: [0, 2, 3, 6], transferred: [-1, 4], shrunk: [0, 2, 0, 4], shared: [0, 0, 2, 6] });
    });

    it('dispose while runs of every op are in flight: they complete, a later run rejects with BackendDisposedError', async () => {
      const { settled, later } = await page!.call<{ settled: (number[] | string)[]; later: string }>('disposeInFlight', executionProvider);
      const expected = (['relu', 'leakyRelu', 'relu6'] as const).flatMap((op) => [1, 2, 3].map((k) => ({ relu: [0, k, 7 * k], leakyRelu: [Math.fround(-0.01 * k), k, 7 * k], relu6: [0, k, 6] })[op]));
      expect(settled).toEqual(expected);
      expect(later).toBe('BackendDisposedError');
    });
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
    const probe = await page!.call<ProbeResult>('probe', 'webgpu', 'relu', {}, 'int32', ['-3', '0', '7']);
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
    const x = randomBits('float32', 2 * Number(backend.info?.maxTextureSize) + 5, prng(13));
    expect(mismatchesWithCore(OPS.relu, {}, 'float32', x, await backend.run(x))).toEqual([]);
    await backend.dispose();
  });

  it(`makes one session per length and keeps at most ${MAX_CACHED_SESSIONS}, all results correct`, async () => {
    const backend = await remoteBackend(page!, 'onnx', { executionProvider: 'webgl' });
    for (let length = 1; length <= MAX_CACHED_SESSIONS + 6; length++) {
      const x = ordinaryValues('float32', length, length);
      expect(mismatchesWithCore(OPS.relu, {}, 'float32', x, await backend.run(x)), `length ${length}`).toEqual([]);
    }
    const again = ordinaryValues('int16', 3, 99);
    expect(mismatchesWithCore(OPS.relu, {}, 'int16', again, await backend.run(again))).toEqual([]);
    await backend.dispose();
  });

  it('splits inputs longer than maxElementsPerRun, each length with its own session, for every op', async () => {
    await withOpBackend({ executionProvider: 'webgl', maxElementsPerRun: 1000, canonical: true }, async (_backend, run) => {
      for (const op of ['relu', 'leakyRelu', 'relu6'] as const) {
        const x = ordinaryValues('float32', 2500, 11);
        const bits = await run(op, {}, 'float32', arrayBits('float32', x));
        expect(mismatchesWithCore(OPS[op], {}, 'float32', x, arrayFromBits('float32', bits)), op).toEqual([]);
      }
    });
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
