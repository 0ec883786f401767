import { BackendDisposedError, DTYPES, OPS, OP_NAMES, type OpName, type ReluTypedArray, allocate, prng, randomBits, relu } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type WasmBackend, type WasmRelu, WasmSimdUnavailableError, createWasmRelu, sharedMemoryUnavailableReason, wasmBackend } from './index.js';
import { dtypeOptions, expectSameBits } from './test-support/bits.js';

// The parallel path, forced on small inputs by a low parallelThresholdBytes, against the
// single-thread path and the reference.

let parallel: WasmRelu;
let single: WasmRelu;
beforeAll(async () => {
  [parallel, single] = await Promise.all([createWasmRelu({ threads: 3, parallelThresholdBytes: 64 }), createWasmRelu()]);
});
afterAll(() => Promise.all([parallel.dispose(), single.dispose()]));

describe('worker threads over shared memory', () => {
  it('runs on a pool of workers over a shared memory', () => {
    expect(parallel.name).toBe('wasm-threads');
    expect(parallel.threads).toBe(3);
    expect(parallel.sharedMemory).toBe(true);
    expect(parallel.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(parallel.workerKind).toBe('worker_threads');
    expect(parallel.threadsUnavailableReason).toBeUndefined();
  });

  const CASES: [OpName, (typeof DTYPES)[number]][] = OP_NAMES.flatMap((name) => OPS[name].dtypes.map((dtype): [OpName, (typeof DTYPES)[number]] => [name, dtype]));
  it.each(CASES)('%s on %s: the same bits as the single-thread path and the reference, in place and into out', async (op, dtype) => {
    const random = prng(99 + DTYPES.indexOf(dtype));
    const attributes = op === 'leakyRelu' ? { alpha: -0.75 } : undefined;
    // Lengths that split evenly, unevenly, in fewer tasks than threads, and with tails.
    for (const length of [0, 1, 17, 64, 100, 191, 1000, 4097, 33333, 300001]) {
      const data = randomBits(dtype, length, random);
      const options = dtypeOptions(dtype);
      const inPlace = parallel.from(data, options);
      const x = parallel.from(data, options);
      const out = parallel.allocate(dtype, length);
      const reference = single.from(data, options);
      await parallel.runAsync(op, inPlace, undefined, attributes);
      await parallel.runAsync(op, x, out, attributes);
      single.run(op, reference, undefined, attributes);
      const want = allocate(dtype, length);
      OPS[op].forward(dtype, OPS[op].checkAttributes('test', 'attributes', attributes) as never, data, want);
      expectSameBits(dtype, inPlace.array, reference.array, data);
      expectSameBits(dtype, out.array, reference.array, data);
      expectSameBits(dtype, x.array, data);
      expectSameBits(dtype, reference.array, want, data);
      for (const t of [inPlace, x, out, reference]) t.free();
    }
  });

  it('runs many overlapping calls correctly', async () => {
    const random = prng(5);
    const inputs = Array.from({ length: 20 }, (_, i) => randomBits('float32', 500 + i * 37, random) as Float32Array);
    const tensors = inputs.map((a) => parallel.from(a));
    await Promise.all(tensors.map((t) => parallel.reluAsync(t)));
    tensors.forEach((t, i) => {
      expectSameBits('float32', t.array, relu(inputs[i]!), inputs[i]);
      t.free();
    });
  });

  it('refuses to free a tensor while a parallel run on it is in flight', async () => {
    const t = parallel.allocate('float32', 100000);
    const pending = parallel.reluAsync(t);
    expect(() => t.free()).toThrow(/runAsync\(\) that has not finished/);
    await pending;
    t.free();
  });

  it('keeps tensors valid while the shared memory grows during use', async () => {
    const data = new Int16Array(3000).map((_, i) => (i % 7) - 3);
    const t = parallel.from(data);
    const stale = t.array;
    const size = parallel.memory.buffer.byteLength;
    const big = parallel.allocate('int8', size);
    expect(parallel.memory.buffer.byteLength).toBeGreaterThan(size);
    await parallel.reluAsync(t);
    expect(t.array.buffer).toBe(parallel.memory.buffer);
    expect(Array.from(t.array)).toEqual(Array.from(relu(data)));
    // A shared memory never detaches: the old view still sees the same bytes.
    expect(Array.from(stale)).toEqual(Array.from(t.array));
    big.free();
    t.free();
  });

  it('the threaded backend matches the reference and says how it runs', async () => {
    const backend = await wasmBackend({ threads: 2, parallelThresholdBytes: 1024 });
    expect(backend.name).toBe('wasm-threads');
    expect(backend.info).toMatchObject({ threads: 2, sharedMemory: true, workers: 'worker_threads', parallelThresholdBytes: 1024 });
    const random = prng(77);
    for (const dtype of DTYPES) {
      const x = randomBits(dtype, 5001, random);
      const view = (x as Float32Array).subarray(3) as ReluTypedArray;
      const y = await backend.run(view, dtypeOptions(dtype));
      expectSameBits(dtype, y, relu(view, dtypeOptions(dtype)));
    }
    await backend.dispose();
    await expect(backend.run(new Float32Array(4096))).rejects.toThrow(BackendDisposedError);
  });

  it("'auto' picks the hardware's parallelism", async () => {
    const wasm = await createWasmRelu({ threads: 'auto' });
    expect(wasm.threads).toBeGreaterThanOrEqual(1);
    await wasm.dispose();
  });
});

describe('fallbacks', () => {
  it('falls back to one thread, and says why, where SharedArrayBuffer is missing (no cross-origin isolation)', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    try {
      expect(sharedMemoryUnavailableReason()).toMatch(/SharedArrayBuffer is unavailable/);
      const backend: WasmBackend = await wasmBackend({ threads: 4, parallelThresholdBytes: 0 });
      expect(backend.name).toBe('wasm');
      expect(backend.info).toMatchObject({ threads: 1, sharedMemory: false, workers: 'none' });
      expect(String(backend.info?.threadsFallback)).toMatch(/cross-origin isolation/);
      expect(Array.from(await backend.run(new Float32Array([-1, 1])))).toEqual([0, 1]);
      await backend.dispose();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says so when the page is not cross-origin isolated', () => {
    vi.stubGlobal('crossOriginIsolated', false);
    try {
      expect(sharedMemoryUnavailableReason()).toMatch(/not cross-origin isolated/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('throws WasmSimdUnavailableError where the engine has no WebAssembly SIMD', async () => {
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      await expect(createWasmRelu()).rejects.toThrow(WasmSimdUnavailableError);
      await expect(wasmBackend()).rejects.toThrow(/needs WebAssembly SIMD/);
    } finally {
      validate.mockRestore();
    }
  });
});
