import {
  type Attributes,
  BackendDisposedError,
  DTYPES,
  type DType,
  OPS,
  OP_NAMES,
  type OpName,
  type ReluTypedArray,
  allocate,
  arrayFromBits,
  prng,
  randomBits,
} from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WasmBackend, wasmBackend } from './index.js';
import { dtypeOptions, expectSameBits } from './test-support/bits.js';

let backend: WasmBackend;
let threaded: WasmBackend;
beforeAll(async () => {
  // The threaded backend splits everything from 4 KiB on, so that its pool path runs in these tests.
  [backend, threaded] = await Promise.all([wasmBackend(), wasmBackend({ threads: 2, parallelThresholdBytes: 4096 })]);
});
afterAll(() => Promise.all([backend.dispose(), threaded.dispose()]));

/** op(x) by @relu/core's reference kernel. */
function reference(op: OpName, dtype: DType, x: ReluTypedArray, attributes: Attributes = {}): ReluTypedArray {
  const y = allocate(dtype, x.length);
  OPS[op].forward(dtype, OPS[op].checkAttributes('test', 'attributes', attributes) as never, x, y);
  return y;
}

/** A resizable ArrayBuffer (ES2024; this package's lib is ES2023). */
function resizableBuffer(bytes: number, maxByteLength: number): ArrayBuffer & { resize(bytes: number): void } {
  const Resizable = ArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(bytes: number): void };
  return new Resizable(bytes, { maxByteLength });
}

const CASES: [OpName, DType][] = OP_NAMES.flatMap((name) => OPS[name].dtypes.map((dtype): [OpName, DType] => [name, dtype]));
/** Attribute sets per op (the defaults alone for an op that has none). */
const ATTRIBUTES: Readonly<Partial<Record<OpName, readonly Attributes[]>>> = {
  leakyRelu: [{}, { alpha: 0 }, { alpha: -0.5 }, { alpha: 1.5 }, { alpha: 2 ** -140 }],
};

describe('wasmBackend', () => {
  it('describes itself: every op of @relu/core on every dtype it is defined on', () => {
    expect(backend.name).toBe('wasm');
    expect(backend.dtypes).toEqual(DTYPES);
    for (const name of OP_NAMES) expect(backend.ops[name]).toEqual(OPS[name].dtypes);
    expect(backend.info).toMatchObject({ runtime: 'WebAssembly SIMD', threads: 1, sharedMemory: false, workers: 'none' });
  });

  describe.each(CASES)('%s on %s', (op, dtype) => {
    it.each((ATTRIBUTES[op] ?? [{}]).map((a) => [JSON.stringify(a), a]))('matches the reference on random bits, lengths 0 to 70 and long ones, one thread and two (%s)', async (_label, attributes) => {
      const random = prng(7 + DTYPES.indexOf(dtype));
      for (const length of [...Array.from({ length: 71 }, (_, i) => i), 4099, 40000]) {
        const x = randomBits(dtype, length, random);
        const options = { ...dtypeOptions(dtype), op, attributes };
        const want = reference(op, dtype, x, attributes);
        expectSameBits(dtype, await backend.run(x, options), want, x);
        expectSameBits(dtype, await threaded.run(x, options), want, x);
      }
    });

    const specialValues = OPS[op].specialValues[dtype];
    if (specialValues !== undefined) {
      it('gives the hand-written special values', async () => {
        const inputs = specialValues.map((v) => v.input);
        const y = await backend.run(arrayFromBits(dtype, inputs), { ...dtypeOptions(dtype), op });
        expectSameBits(dtype, y, specialValues.map((v) => v.expected), inputs);
      });
    }
  });

  it.each(DTYPES)('returns a new %s array of the same type and length, and never mutates x, for every op', async (dtype) => {
    for (const op of OP_NAMES.filter((name) => OPS[name].dtypes.includes(dtype))) {
      for (const b of [backend, threaded]) {
        const x = randomBits(dtype, 5000, prng(3));
        const copy = x.slice();
        const y = await b.run(x, { ...dtypeOptions(dtype), op });
        expect(y).not.toBe(x);
        expect(y.buffer).not.toBe(x.buffer);
        expect(y.constructor).toBe(x.constructor);
        expect(y.length).toBe(5000);
        expectSameBits(dtype, x, copy);
      }
    }
  });

  it.each(DTYPES)('works on a %s subarray view with a byteOffset, reading only the view', async (dtype) => {
    const whole = randomBits(dtype, 40, prng(11));
    const before = whole.slice();
    for (const [start, end] of [[1, 2], [3, 38], [5, 5], [7, 40]] as const) {
      const view = (whole as Float32Array).subarray(start, end) as ReluTypedArray;
      const y = await backend.run(view, dtypeOptions(dtype));
      expect(y.byteOffset).toBe(0);
      expect(y.length).toBe(end - start);
      expectSameBits(dtype, y, reference('relu', dtype, (before as Float32Array).subarray(start, end) as ReluTypedArray));
    }
    expectSameBits(dtype, whole, before);
  });

  it('works with lengths 0 and 1', async () => {
    expect((await backend.run(new Float32Array(0))).length).toBe(0);
    expect(Array.from(await backend.run(new Int32Array([-3])))).toEqual([0]);
    expect(Array.from(await backend.run(new Int8Array([9]), { op: 'relu6' }))).toEqual([6]);
    expect(Array.from(await backend.run(new Float64Array([-2]), { op: 'leakyRelu', attributes: { alpha: 0.5 } }))).toEqual([-1]);
  });

  it('runs a native Float16Array as float16 bits where the runtime has one, and says so where it has none', async () => {
    const Float16 = (globalThis as { Float16Array?: new (values: number[]) => Float32Array }).Float16Array;
    if (Float16 === undefined) {
      console.info('Float16Array: this runtime has none (Node < 24); the Float16Array path is tested where it exists');
      return;
    }
    const y: Float32Array = await backend.run(new Float16([-1, 2, -0, NaN]) as never);
    expect(y.constructor).toBe(Float16);
    expect(Array.from(y)).toEqual([0, 2, 0, NaN]);
    const leaky: Float32Array = await backend.run(new Float16([-1, 2]) as never, { op: 'leakyRelu', attributes: { alpha: 0.5 } });
    expect(Array.from(leaky)).toEqual([-0.5, 2]);
  });

  it('gives a subclass of a typed array a plain array of its intrinsic kind, with the right bits', async () => {
    // A subclass may override its constructor (core's sameTypeArray): the result is allocated by kind.
    class Tagged extends Float32Array {}
    const x = new Tagged([-1, 2, -3]);
    const y = await backend.run(x, { op: 'leakyRelu', attributes: { alpha: 0.25 } });
    expect(Object.getPrototypeOf(y)).toBe(Float32Array.prototype);
    expect(Array.from(y)).toEqual([-0.25, 2, -0.75]);
  });

  it('rejects bad inputs with TypeError or RangeError naming the argument, before touching anything', async () => {
    await expect(backend.run([1, 2] as never)).rejects.toThrow(/x must be a typed array/);
    await expect(backend.run(3 as never)).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint8Array(2) as never)).rejects.toThrow(/uint8 is not a ReLU dtype/);
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(/options.dtype 'float16' or 'bfloat16'/);
    await expect(backend.run(new Float32Array(2), { dtype: 'int32' })).rejects.toThrow(/does not match/);
    await expect(backend.run(new Float32Array(2), { dtype: 'float8' as DType })).rejects.toThrow(/options.dtype/);
    await expect(backend.run(new Float32Array(2), { colour: 1 } as never)).rejects.toThrow(/unknown key/);
    await expect(backend.run(new Float32Array(2), null as never)).rejects.toThrow(/options must be/);
    await expect(backend.run(new Float32Array(2), { op: 'gelu' as OpName })).rejects.toThrow(RangeError);
    await expect(backend.run(new Float32Array(2), { op: 'gelu' as OpName })).rejects.toThrow(/options.op/);
    await expect(backend.run(new Int32Array(2), { op: 'leakyRelu' })).rejects.toThrow(TypeError);
    await expect(backend.run(new Int32Array(2), { op: 'leakyRelu' })).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await expect(backend.run(new Float32Array(2), { op: 'leakyRelu', attributes: { alpha: Infinity } })).rejects.toThrow(RangeError);
    await expect(backend.run(new Float32Array(2), { op: 'leakyRelu', attributes: { alpha: 1e39 } })).rejects.toThrow(/options.attributes.alpha/);
    await expect(backend.run(new Float32Array(2), { op: 'leakyRelu', attributes: { alpha: '0.1' as never } })).rejects.toThrow(TypeError);
    await expect(backend.run(new Float32Array(2), { op: 'relu', attributes: { alpha: 0.1 } })).rejects.toThrow(/options.attributes has an unknown key "alpha"/);
    expect(backend.runtime.bytesInUse).toBe(0);
  });

  it('frees what it allocates: many runs of every size do not grow the memory', async () => {
    for (const b of [backend, threaded]) {
      const x = new Float64Array(100000);
      for (const op of OP_NAMES) await b.run(x, { op });
      const size = b.runtime.memory.buffer.byteLength;
      for (let i = 0; i < 20; i++) for (const n of [1, 1000, 100000]) await b.run(x.subarray(0, n), { op: OP_NAMES[i % 3] });
      expect(b.runtime.memory.buffer.byteLength).toBe(size);
      expect(b.runtime.bytesInUse).toBe(0);
    }
  });

  it('rejects bad backend options naming them', async () => {
    await expect(wasmBackend({ threads: -1 })).rejects.toThrow(/options.threads/);
    await expect(wasmBackend({ maximumMemoryBytes: 1 } as never)).rejects.toThrow(/unknown key "maximumMemoryBytes"/);
  });
});

describe('run(x) captures x at the call', () => {
  // Small and large inputs: the single-thread path copies and returns at once; the pool path of
  // the threaded backend copies x in before its first await, then waits for the workers.
  const SIZES = [3, 100000];

  it.each(SIZES)('a caller that writes to x while the promise is pending does not change the result (n = %i)', async (n) => {
    for (const b of [backend, threaded]) {
      for (const op of OP_NAMES) {
        const x = randomBits('float32', n, prng(n));
        const want = reference(op, 'float32', x);
        const pending = b.run(x, { op });
        x.fill(123);
        expectSameBits('float32', await pending, want);
      }
    }
  });

  it.each(SIZES)('a caller that transfers or resizes x\'s buffer while the promise is pending does not change the result (n = %i)', async (n) => {
    for (const b of [backend, threaded]) {
      const x = randomBits('float32', n, prng(n + 1));
      const want = reference('relu6', 'float32', x);
      const transferred = b.run(x, { op: 'relu6' });
      structuredClone(x.buffer, { transfer: [x.buffer as ArrayBuffer] });
      expect(x.length).toBe(0);
      expectSameBits('float32', await transferred, want);

      const resizable = resizableBuffer(n * 4, n * 8);
      const y = new Float32Array(resizable);
      y.set(randomBits('float32', n, prng(n + 2)));
      const wantResized = reference('leakyRelu', 'float32', y);
      const resized = b.run(y, { op: 'leakyRelu' });
      resizable.resize(0);
      expectSameBits('float32', await resized, wantResized);
    }
  });

  it('works on SharedArrayBuffer-backed inputs, and returns an ordinary array', async () => {
    for (const b of [backend, threaded]) {
      for (const n of SIZES) {
        const x = new Float32Array(new SharedArrayBuffer(n * 4));
        x.set(randomBits('float32', n, prng(9)));
        const y = await b.run(x, { op: 'leakyRelu', attributes: { alpha: 0.5 } });
        expect(y.buffer).toBeInstanceOf(ArrayBuffer);
        expectSameBits('float32', y, reference('leakyRelu', 'float32', x, { alpha: 0.5 }));
      }
    }
  });

  it('rejects a view that its resized buffer no longer holds with a TypeError naming x', async () => {
    const buffer = resizableBuffer(64, 128);
    const x = new Float32Array(buffer, 16, 8);
    buffer.resize(32);
    await expect(backend.run(x)).rejects.toThrow(TypeError);
    await expect(backend.run(x)).rejects.toThrow(/x must be/);
    // A length-tracking view is never out of bounds: it shrinks with its buffer.
    const tracking = new Float32Array(buffer);
    expect(Array.from(await backend.run(tracking))).toEqual(Array.from(new Float32Array(8)));
  });
});

describe('inputs are identified by what they are, not by what they say', () => {
  /** A subclass whose length and buffer getters lie, and whose constructor takes something else than a length. */
  class Liar extends Float32Array {
    constructor(values: readonly number[], _scale: string) {
      super(values);
    }
    override get length(): number {
      return 1000;
    }
    override get buffer(): ArrayBuffer {
      return new ArrayBuffer(4000);
    }
    override get byteLength(): number {
      return 4000;
    }
  }
  const posing = (n: number) => Object.defineProperty(new Int32Array(n).fill(-1), Symbol.toStringTag, { value: 'Float32Array' });
  const shrunk = (n: number) => {
    const buffer = resizableBuffer(8 + 4 * n, 8 + 4 * n);
    const view = new Float32Array(buffer, 8, n);
    buffer.resize(4);
    return view;
  };
  // Through the element loops (a few elements), the scratch region, an allocated block and the pool.
  const LENGTHS = [1, 5, 9, 3000, 20000];

  it.each(LENGTHS)('a subclass that lies about its length and buffer is computed on its real elements into a plain array (n = %i)', async (n) => {
    for (const b of [backend, threaded]) {
      const values = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -i - 1 : i));
      const want = reference('relu6', 'float32', Float32Array.from(values));
      const y = await b.run(new Liar(values, 'ignored'), { op: 'relu6' });
      expect(Object.getPrototypeOf(y)).toBe(Float32Array.prototype);
      expectSameBits('float32', y, want);
    }
  });

  it.each(LENGTHS)('an Int32Array that claims to be a Float32Array is a TypeError naming x, not an int32 result (n = %i)', async (n) => {
    for (const b of [backend, threaded]) {
      await expect(b.run(posing(n) as never)).rejects.toThrow(TypeError);
      await expect(b.run(posing(n) as never, { op: 'relu6' })).rejects.toThrow(/x must be a typed array that says what it is; got a Int32Array whose Symbol.toStringTag claims a string "Float32Array"/);
    }
    expect(backend.runtime.bytesInUse).toBe(0);
  });

  it.each(LENGTHS)('a view out of bounds of its shrunk resizable buffer is a TypeError naming x, not an empty array (n = %i)', async (n) => {
    for (const b of [backend, threaded]) {
      await expect(b.run(shrunk(n))).rejects.toThrow(/x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds of its resizable ArrayBuffer/);
    }
  });

  it('the zero-copy API reads arrays the same way: from() and set() copy the real elements, reject posing and out-of-bounds arrays', () => {
    const wasm = backend.runtime;
    const t = wasm.from(new Liar([-1, 2, -3], 'ignored'));
    expect([t.dtype, t.length, Array.from(t.array)]).toEqual(['float32', 3, [-1, 2, -3]]);
    t.set(new Liar([7], 'ignored'), 2);
    expect(Array.from(t.array)).toEqual([-1, 2, 7]);
    expect(() => wasm.from(posing(2) as never)).toThrow(/WasmRelu.from: array must be a typed array that says what it is/);
    expect(() => t.set(posing(1) as never)).toThrow(/WasmTensor.set: values must be a Float32Array for dtype 'float32'; got a Int32Array/);
    expect(() => t.set(Object.defineProperty(new Float32Array(1), Symbol.toStringTag, { value: 'Int32Array' }))).toThrow(/WasmTensor.set: values must be a typed array that says what it is/);
    expect(() => wasm.from(shrunk(2))).toThrow(/WasmRelu.from: array must be backed by a live ArrayBuffer/);
    expect(() => t.set(shrunk(2))).toThrow(/WasmTensor.set: values must be backed by a live ArrayBuffer/);
    expect(Array.from(t.array)).toEqual([-1, 2, 7]);
    t.free();
    expect(wasm.bytesInUse).toBe(0);
  });
});

describe('dispose()', () => {
  it('rejects every later run with BackendDisposedError, and is idempotent', async () => {
    const disposable = await wasmBackend();
    const first = disposable.dispose();
    expect(disposable.dispose()).toBe(first);
    await first;
    await expect(disposable.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
    expect(() => disposable.runtime.allocate('float32', 1)).toThrow(BackendDisposedError);
  });

  it('lets runs in flight finish with their results (threads; fault tests cover slow and lost workers)', async () => {
    const disposable = await wasmBackend({ threads: 2, parallelThresholdBytes: 0 });
    const x = randomBits('float32', 1 << 20, prng(4));
    const pending = [disposable.run(x), disposable.run(x, { op: 'leakyRelu' })];
    const disposed = disposable.dispose();
    expectSameBits('float32', await pending[0]!, reference('relu', 'float32', x));
    expectSameBits('float32', await pending[1]!, reference('leakyRelu', 'float32', x));
    await disposed;
    await expect(disposable.run(x)).rejects.toThrow(BackendDisposedError);
  });
});
