import { BackendDisposedError, DTYPES, type ReluTypedArray, allocate, arrayFromBits, prng, randomBits, relu } from '@relu/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WasmRelu, WasmTensor, WasmTensorFreedError, createWasmRelu } from './index.js';
import { dtypeOptions, expectSameBits } from './test-support/bits.js';

let wasm: WasmRelu;
beforeEach(async () => {
  wasm = await createWasmRelu({ initialMemoryBytes: 65536 });
});
afterEach(() => wasm.dispose());

describe('zero-copy tensors', () => {
  it('allocate() gives a zero-filled tensor of the dtype, viewed as its typed array', () => {
    for (const dtype of DTYPES) {
      const t = wasm.allocate(dtype, 5);
      expect(t.dtype).toBe(dtype);
      expect(t.length).toBe(5);
      expect(t.array.constructor).toBe(allocate(dtype, 0).constructor);
      expect(t.array.length).toBe(5);
      expect(t.array.buffer).toBe(wasm.memory.buffer);
      expect(t.byteOffset % 16).toBe(0);
      expect(t.byteLength).toBe(5 * t.array.BYTES_PER_ELEMENT);
    }
  });

  it('allocate() zero-fills memory that an earlier tensor used', () => {
    const a = wasm.allocate('int32', 100);
    a.array.fill(-7);
    const address = a.byteOffset;
    a.free();
    const b = wasm.allocate('int32', 100);
    expect(b.byteOffset).toBe(address);
    expect(Array.from(b.array)).toEqual(new Array(100).fill(0));
  });

  it('runs in place and into another tensor, with no copy: the result is in the same memory', () => {
    const x = wasm.from(new Float32Array([-2, -0, 3, NaN, -Infinity, Infinity]));
    const out = wasm.allocate('float32', 6);
    expect(wasm.relu(x, out)).toBe(out);
    expect(Array.from(out.array)).toEqual([0, 0, 3, NaN, 0, Infinity]);
    expect(Array.from(x.array)).toEqual([-2, -0, 3, NaN, -Infinity, Infinity]);
    expect(wasm.relu(x)).toBe(x);
    expect(Array.from(x.array)).toEqual([0, 0, 3, NaN, 0, Infinity]);
    expect(Object.is(x.array[1], 0)).toBe(true);
  });

  it('works on tensors of length 0 and 1', () => {
    const empty = wasm.allocate('float64', 0);
    expect(wasm.relu(empty).array.length).toBe(0);
    const one = wasm.from(new BigInt64Array([-5n]));
    expect(wasm.relu(one).array[0]).toBe(0n);
  });

  it('from() copies bits (a Uint16Array with a 16-bit float dtype) and set() copies them in at an offset', () => {
    const bits = arrayFromBits('bfloat16', ['0xff81', '0x8000', '0x3f80']);
    const t = wasm.from(bits, { dtype: 'bfloat16' });
    expect(t.dtype).toBe('bfloat16');
    wasm.relu(t);
    expectSameBits('bfloat16', t.array, ['0xff81', '0x0000', '0x3f80']);
    t.set(new Uint16Array([0xbc00]), 2);
    expect(t.array[2]).toBe(0xbc00);
    const ints = wasm.allocate('int16', 3).set([-1, 2, -3]);
    expect(Array.from(wasm.relu(ints).toArray())).toEqual([0, 2, 0]);
  });

  it('toArray() copies out of wasm memory', () => {
    const t = wasm.from(new Int8Array([1, -1]));
    const copy = t.toArray();
    expect(copy.buffer).not.toBe(wasm.memory.buffer);
    t.array[0] = 9;
    expect(copy[0]).toBe(1);
  });

  it('keeps every tensor readable and its .array valid across memory growth', () => {
    const random = prng(42);
    const initialBytes = wasm.memory.buffer.byteLength;
    const tensors: WasmTensor[] = [];
    const expected: ReluTypedArray[] = [];
    for (let i = 0; wasm.memory.buffer.byteLength < initialBytes * 8; i++) {
      const dtype = DTYPES[i % DTYPES.length]!;
      const data = randomBits(dtype, 1000 + i, random);
      tensors.push(wasm.from(data, dtypeOptions(dtype)));
      expected.push(data);
    }
    expect(wasm.memory.buffer.byteLength).toBeGreaterThan(initialBytes);
    tensors.forEach((t, i) => {
      expect(t.array.buffer).toBe(wasm.memory.buffer);
      expectSameBits(t.dtype, t.array, expected[i]!);
      expectSameBits(t.dtype, wasm.relu(t).array, relu(expected[i]!, dtypeOptions(t.dtype)));
    });
  });

  it('refreshes a view read before a growth when .array is read again', () => {
    const t = wasm.from(new Float64Array([-1, 2]));
    const stale = t.array;
    wasm.allocate('int8', 1 << 20);
    expect(stale.byteLength).toBe(0); // an unshared memory detaches its old buffer on growth
    expect(Array.from(t.array)).toEqual([-1, 2]);
  });

  it('reuses freed memory: allocate/free in a loop does not grow the memory', () => {
    const size = wasm.memory.buffer.byteLength;
    for (let i = 0; i < 100; i++) wasm.allocate('float32', 4000).free();
    expect(wasm.memory.buffer.byteLength).toBe(size);
    expect(wasm.bytesInUse).toBe(0);
  });
});

describe('zero-copy errors', () => {
  it('freeing twice, or using a freed tensor, throws WasmTensorFreedError', () => {
    const t = wasm.allocate('float32', 4);
    t.free();
    expect(t.freed).toBe(true);
    expect(() => t.free()).toThrow(WasmTensorFreedError);
    expect(() => t.array).toThrow(WasmTensorFreedError);
    expect(() => t.byteOffset).toThrow(/has been freed/);
    expect(() => wasm.relu(t)).toThrow(WasmTensorFreedError);
    const live = wasm.allocate('float32', 4);
    expect(() => wasm.relu(live, t)).toThrow(/out has been freed/);
    expect(() => wasm.relu(t, live)).toThrow(/x has been freed/);
  });

  it('rejects bad dtype and length arguments with TypeError/RangeError naming them', () => {
    expect(() => wasm.allocate('uint8' as never, 4)).toThrow(TypeError);
    expect(() => wasm.allocate('uint8' as never, 4)).toThrow(/dtype must be one of/);
    expect(() => wasm.allocate(undefined as never, 4)).toThrow(/dtype/);
    for (const length of [1.5, NaN, '4', undefined, 4n, null]) {
      expect(() => wasm.allocate('float32', length as never)).toThrow(TypeError);
      expect(() => wasm.allocate('float32', length as never)).toThrow(/length must be a non-negative integer/);
    }
    expect(() => wasm.allocate('float32', -1)).toThrow(RangeError);
    expect(() => wasm.allocate('float32', -1)).toThrow(/length/);
  });

  it('refuses more than 4 GiB, and absurd sizes, with a RangeError naming the requested size', () => {
    expect(() => wasm.allocate('float32', 2 ** 30)).toThrow(RangeError);
    expect(() => wasm.allocate('float32', 2 ** 30)).toThrow(/4294967296 bytes \(4 GiB\)/);
    expect(() => wasm.allocate('float64', 2 ** 40)).toThrow(/8796093022208 bytes/);
    expect(() => wasm.allocate('int8', Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
    expect(() => wasm.allocate('int8', Infinity)).toThrow(RangeError);
  });

  it('throws a RangeError naming the size when the memory cannot grow (its maximum here), and stays usable', async () => {
    const small = await createWasmRelu({ maximumMemoryBytes: 4 * 65536 });
    const kept = small.from(new Int32Array([-1, 1]));
    expect(() => small.allocate('int8', 3 * 65536)).not.toThrow();
    expect(() => small.allocate('int8', 2 * 65536)).toThrow(RangeError);
    expect(() => small.allocate('int8', 2 * 65536)).toThrow(/131072 bytes/);
    expect(Array.from(small.relu(kept).array)).toEqual([0, 1]);
    expect(small.allocate('int8', 1000).length).toBe(1000);
    await small.dispose();
  });

  it('rejects tensors of another runtime, non-tensors, and mismatched dtype or length', async () => {
    const other = await createWasmRelu();
    const foreign = other.allocate('float32', 2);
    const x = wasm.allocate('float32', 2);
    expect(() => wasm.relu(foreign)).toThrow(/another WasmRelu/);
    expect(() => wasm.relu(x, foreign)).toThrow(/out is a WasmTensor of another WasmRelu/);
    expect(() => wasm.relu(new Float32Array(2) as never)).toThrow(/x must be a WasmTensor/);
    expect(() => wasm.relu(x, wasm.allocate('int32', 2) as never)).toThrow(TypeError);
    expect(() => wasm.relu(x, wasm.allocate('float32', 3))).toThrow(RangeError);
    expect(() => wasm.relu(x, wasm.allocate('float32', 3))).toThrow(/out.length must be 2/);
    await other.dispose();
  });

  it('from() and set() reject arrays that do not hold the dtype', () => {
    expect(() => wasm.from(new Uint8Array(2) as never)).toThrow(TypeError);
    expect(() => wasm.from(new Uint16Array(2) as never)).toThrow(/options.dtype 'float16' or 'bfloat16'/);
    expect(() => wasm.from(new Float32Array(2), { dtype: 'int32' })).toThrow(/does not match/);
    expect(() => wasm.from([1, 2] as never)).toThrow(/array must be a typed array/);
    const t = wasm.allocate('float32', 2);
    expect(() => t.set(new Float64Array(2) as never)).toThrow(/values must be a Float32Array/);
    expect(() => t.set(new Float32Array(3))).toThrow(RangeError);
    expect(() => t.set(new Float32Array(1), 2)).toThrow(/values.length must be at most 0/);
  });

  it('rejects bad runtime options naming them', async () => {
    await expect(createWasmRelu({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(createWasmRelu({ threads: 1.5 })).rejects.toThrow(/options.threads/);
    await expect(createWasmRelu({ threads: 'many' as never })).rejects.toThrow(/options.threads must be a positive integer or 'auto'/);
    await expect(createWasmRelu({ maximumMemoryBytes: 2 ** 33 })).rejects.toThrow(/options.maximumMemoryBytes/);
    await expect(createWasmRelu({ colour: 1 } as never)).rejects.toThrow(/unknown key "colour"/);
  });

  it('dispose() ends every tensor: using one afterwards throws BackendDisposedError', async () => {
    const t = wasm.allocate('int8', 3);
    await wasm.dispose();
    expect(wasm.disposed).toBe(true);
    expect(t.freed).toBe(true);
    expect(() => wasm.relu(t)).toThrow(BackendDisposedError);
    expect(() => t.array).toThrow(BackendDisposedError);
    expect(() => wasm.allocate('int8', 3)).toThrow(BackendDisposedError);
    await expect(wasm.reluAsync(t)).rejects.toThrow(BackendDisposedError);
    await expect(wasm.runAsync('relu6', t)).rejects.toThrow(BackendDisposedError);
    expect(() => wasm.run('leakyRelu', t)).toThrow(BackendDisposedError);
    await wasm.dispose();
  });

  it('is a class users can check with instanceof', () => {
    expect(wasm.allocate('int8', 1)).toBeInstanceOf(WasmTensor);
  });
});

describe('run(op, x, out, attributes) on tensors', () => {
  it('runs every op in place and into out, with attributes and defaults', () => {
    const x = wasm.from(new Float32Array([-4, -0, 3, 7, NaN]));
    const out = wasm.allocate('float32', 5);
    expect(wasm.run('relu6', x, out)).toBe(out);
    expect(Array.from(out.array)).toEqual([0, 0, 3, 6, NaN]);
    expect(Array.from(wasm.run('leakyRelu', x, out).array)).toEqual([-0.04, -0, 3, 7, NaN].map(Math.fround));
    expect(Object.is(out.array[1], -0)).toBe(true);
    expect(Array.from(wasm.run('leakyRelu', x, out, { alpha: -2 }).array)).toEqual([8, -0, 3, 7, NaN]);
    expect(Array.from(x.array)).toEqual([-4, -0, 3, 7, NaN]);
    expect(wasm.run('relu', x)).toBe(x);
    expect(Array.from(x.array)).toEqual([0, 0, 3, 7, NaN]);
  });

  it('takes an op descriptor of @relu/core as well as a name, and runAsync resolves to out', async () => {
    const { RELU6 } = await import('@relu/core');
    const x = wasm.from(new Int16Array([-1, 9, 4]));
    await expect(wasm.runAsync(RELU6, x)).resolves.toBe(x);
    expect(Array.from(x.array)).toEqual([0, 6, 4]);
  });

  it('rejects an op not defined on the dtype, unknown ops and bad attributes, naming them', async () => {
    const ints = wasm.allocate('int32', 2);
    const floats = wasm.allocate('float32', 2);
    expect(() => wasm.run('leakyRelu', ints)).toThrow(TypeError);
    expect(() => wasm.run('leakyRelu', ints)).toThrow(/leakyRelu is not defined on 'int32'/);
    expect(() => wasm.run('gelu' as never, floats)).toThrow(RangeError);
    expect(() => wasm.run('gelu' as never, floats)).toThrow(/WasmRelu.run: op must be one of/);
    expect(() => wasm.run(42 as never, floats)).toThrow(TypeError);
    expect(() => wasm.run('leakyRelu', floats, floats, { alpha: NaN })).toThrow(/attributes.alpha/);
    expect(() => wasm.run('relu6', floats, floats, { six: 6 })).toThrow(/attributes has an unknown key "six"/);
    await expect(wasm.runAsync('leakyRelu', ints)).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await expect(wasm.runAsync('relu', floats, ints as never)).rejects.toThrow(/out holds 'int32'/);
    // null is not "no out": it is a wrong out.
    expect(() => wasm.run('relu', floats, null as never)).toThrow(/out must be a WasmTensor/);
  });
});
