import { BackendDisposedError, DTYPES, type DType, SPECIAL_VALUES, allocate, arrayFromBits, relu } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WasmBackend, wasmBackend } from './index.js';
import { dtypeOptions, expectSameBits, fillRandomBits, randomGenerator } from './test-support/bits.js';

let backend: WasmBackend;
beforeAll(async () => {
  backend = await wasmBackend();
});
afterAll(() => backend.dispose());

describe('wasmBackend (single thread)', () => {
  it('describes itself', () => {
    expect(backend.name).toBe('wasm');
    expect(backend.dtypes).toEqual(DTYPES);
    expect(backend.info).toMatchObject({ runtime: 'WebAssembly SIMD', threads: 1, sharedMemory: false, workers: 'none' });
  });

  it.each(DTYPES)('gives the specified bits for every special value of %s', async (dtype) => {
    const inputs = SPECIAL_VALUES[dtype].map((v) => v.input);
    const x = arrayFromBits(dtype, inputs);
    expectSameBits(dtype, await backend.run(x, dtypeOptions(dtype)), SPECIAL_VALUES[dtype].map((v) => v.expected), inputs);
  });

  it.each(DTYPES)('matches relu() of @relu/core on random bits of %s, lengths 0 to 70 and a long one', async (dtype) => {
    const random = randomGenerator(7 + DTYPES.indexOf(dtype));
    for (const length of [...Array.from({ length: 71 }, (_, i) => i), 4099]) {
      const x = allocate(dtype, length);
      fillRandomBits(x, random);
      expectSameBits(dtype, await backend.run(x, dtypeOptions(dtype)), relu(x, dtypeOptions(dtype)), x);
    }
  });

  it.each(DTYPES)('returns a new %s array of the same type and length, and never mutates x', async (dtype) => {
    const x = allocate(dtype, 37);
    fillRandomBits(x, randomGenerator(3));
    const copy = x.slice();
    const y = await backend.run(x, dtypeOptions(dtype));
    expect(y).not.toBe(x);
    expect(y.buffer).not.toBe(x.buffer);
    expect(y.constructor).toBe(x.constructor);
    expect(y.length).toBe(37);
    expectSameBits(dtype, x, copy);
  });

  it.each(DTYPES)('works on a %s subarray view with a byteOffset, reading only the view', async (dtype) => {
    const whole = allocate(dtype, 40);
    fillRandomBits(whole, randomGenerator(11));
    const before = whole.slice();
    for (const [start, end] of [[1, 2], [3, 38], [5, 5], [7, 40]] as const) {
      const view = whole.subarray(start, end);
      const y = await backend.run(view, dtypeOptions(dtype));
      expect(y.byteOffset).toBe(0);
      expect(y.length).toBe(end - start);
      expectSameBits(dtype, y, relu(before.subarray(start, end), dtypeOptions(dtype)));
    }
    expectSameBits(dtype, whole, before);
  });

  it('works with lengths 0 and 1', async () => {
    expect((await backend.run(new Float32Array(0))).length).toBe(0);
    expect(Array.from(await backend.run(new Int32Array([-3])))).toEqual([0]);
    expect(Array.from(await backend.run(new Int8Array([3])))).toEqual([3]);
  });

  it('runs a native Float16Array as float16 bits where the runtime has one', async () => {
    const Float16 = (globalThis as { Float16Array?: new (values: number[]) => Float32Array }).Float16Array;
    if (Float16 === undefined) return;
    const y: Float32Array = await backend.run(new Float16([-1, 2, -0, NaN]) as never);
    expect(y.constructor).toBe(Float16);
    expect(Array.from(y)).toEqual([0, 2, 0, NaN]);
  });

  it('rejects bad inputs with TypeError naming the argument, before touching anything', async () => {
    await expect(backend.run([1, 2] as never)).rejects.toThrow(/x must be a typed array/);
    await expect(backend.run(3 as never)).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint8Array(2) as never)).rejects.toThrow(/uint8 is not a ReLU dtype/);
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(/options.dtype 'float16' or 'bfloat16'/);
    await expect(backend.run(new Float32Array(2), { dtype: 'int32' })).rejects.toThrow(/does not match/);
    await expect(backend.run(new Float32Array(2), { dtype: 'float8' as DType })).rejects.toThrow(/options.dtype/);
    await expect(backend.run(new Float32Array(2), { colour: 1 } as never)).rejects.toThrow(/unknown key/);
    await expect(backend.run(new Float32Array(2), null as never)).rejects.toThrow(/options must be/);
    expect(backend.runtime.bytesInUse).toBe(0);
  });

  it('frees its scratch tensors: many runs do not grow the memory', async () => {
    const x = new Float64Array(10000);
    await backend.run(x);
    const size = backend.runtime.memory.buffer.byteLength;
    for (let i = 0; i < 50; i++) await backend.run(x);
    expect(backend.runtime.memory.buffer.byteLength).toBe(size);
    expect(backend.runtime.bytesInUse).toBe(0);
  });

  it('rejects with BackendDisposedError after dispose(), which is idempotent', async () => {
    const disposable = await wasmBackend();
    await disposable.dispose();
    await disposable.dispose();
    await expect(disposable.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
  });

  it('rejects bad backend options naming them', async () => {
    await expect(wasmBackend({ threads: -1 })).rejects.toThrow(/options.threads/);
    await expect(wasmBackend({ maximumMemoryBytes: 1 } as never)).rejects.toThrow(/unknown key "maximumMemoryBytes"/);
  });
});
