import { describe, expect, it } from 'vitest';
import { arrayBits, checkRun, checkTypedArray, coreBackend, intrinsicBitsView, intrinsicView, leakyRelu, relu, relu6, relu6Backward, reluBackward, sameTypeArray, typedArrayName } from './index.js';

/**
 * Inputs are identified by what they are (their internal slots), not by what they say: each case
 * here is a way a value can lie about itself, and each test fails on a version that trusts
 * Symbol.toStringTag, .constructor, .length, .buffer, or reads a number[] twice.
 */
class ClaimsFloat32 extends Uint8Array {
  constructor(values: readonly number[]) {
    super(values);
    Object.defineProperty(this, Symbol.toStringTag, { get: () => 'Float32Array' });
  }
}

/** A subclass whose constructor takes something else than a length. */
class Scaled extends Float32Array {
  constructor(values: readonly number[], scale: number) {
    super(values.map((v) => v * scale));
  }
}

/** A subclass that lies about its length and its buffer. */
class Liar extends Float32Array {
  override get length(): number {
    return 1000;
  }
  override get buffer(): ArrayBuffer {
    return new ArrayBuffer(4000);
  }
}

const bits = (a: Float32Array) => arrayBits('float32', a);

describe('a typed array is what its internal slot says', () => {
  it('a Uint8Array that claims to be a Float32Array (Symbol.toStringTag) is a TypeError', async () => {
    const claims = new ClaimsFloat32([1, 2, 3, 4]);
    expect(Object.prototype.toString.call(claims)).toBe('[object Float32Array]');
    expect(() => relu(claims as never)).toThrow(TypeError);
    expect(() => relu(claims as never)).toThrow(/got a Uint8Array \(uint8 is not a ReLU dtype/);
    const tagged = Object.defineProperty(new Uint8Array(4), Symbol.toStringTag, { value: 'Float32Array' });
    expect(() => relu6(tagged as never)).toThrow(/got a Uint8Array/);
    await expect(coreBackend.run(claims as never)).rejects.toThrow(/core.run: x must be .*got a Uint8Array/);
    expect(() => relu(new Float32Array(4), { out: claims as never })).toThrow(/options.out must be a Float32Array like x; got a Uint8Array of length 4/);
    expect(typedArrayName(claims)).toBe('Uint8Array');
  });

  it('an array of an accepted type that claims to be another one (Symbol.toStringTag) is a TypeError, not a result of the type it hides', async () => {
    const posing = () => Object.defineProperty(new Int32Array([-1, 0x3f800000]), Symbol.toStringTag, { value: 'Float32Array' });
    const claim = /x must be a typed array that says what it is; got a Int32Array whose Symbol.toStringTag claims a string "Float32Array"/;
    expect(() => relu(posing() as never)).toThrow(TypeError);
    expect(() => relu(posing() as never)).toThrow(claim);
    expect(() => relu6(posing() as never)).toThrow(claim);
    expect(() => reluBackward(posing() as never, new Int32Array(2))).toThrow(claim);
    expect(() => reluBackward(new Int32Array(2), posing() as never)).toThrow(/reluBackward: dy must be a typed array that says what it is/);
    expect(() => relu(new Int32Array(2), { out: posing() as never })).toThrow(/relu: options.out must be a typed array that says what it is/);
    await expect(coreBackend.run(posing() as never)).rejects.toThrow(/core\.run: x must be a typed array that says what it is/);
    expect(() => checkRun('demo', { relu: ['int32'] }, posing(), undefined)).toThrow(/demo\.run: x must be/);
    // A subclass whose getter claims its own type, or throws, is judged the same way.
    class Honest extends Float32Array {
      override get [Symbol.toStringTag](): 'Float32Array' {
        return 'Float32Array';
      }
    }
    expect([...relu(new Honest([-1, 2]))]).toEqual([0, 2]);
    class Throws extends Float32Array {
      override get [Symbol.toStringTag](): 'Float32Array' {
        throw new Error('no');
      }
    }
    expect(() => relu(new Throws(2))).toThrow(/relu: x is a Float32Array whose Symbol.toStringTag getter threw \(no\)/);
    expect(() => relu(new Float32Array(2), { out: new Throws(2) })).toThrow(/relu: options.out is a Float32Array whose Symbol.toStringTag getter threw \(no\)/);
    // A getter that lies on the first read and tells the truth on the next (the message reads it again) is still a TypeError.
    class Wavers extends Float32Array {
      reads = 0;
      override get [Symbol.toStringTag](): 'Float32Array' {
        return (this.reads++ === 0 ? 'Int8Array' : 'Float32Array') as 'Float32Array';
      }
    }
    expect(() => relu(new Wavers(2))).toThrow(/relu: x is a Float32Array whose Symbol.toStringTag getter gives a different answer on each read/);
    expect(() => relu(new Float32Array(2), { out: new Wavers(2) })).toThrow(/relu: options.out is a Float32Array whose Symbol.toStringTag getter gives a different answer/);
    const out = new Int32Array(2);
    expect(() => relu(posing(), { out } as never)).toThrow(TypeError);
    expect([...out]).toEqual([0, 0]);
  });

  it('a subclass with another constructor signature gives the right values in a plain Float32Array', async () => {
    const x = new Scaled([-1, 2, -3, 4], 2);
    const expected = ['0x00000000', '0x40800000', '0x00000000', '0x41000000'];
    for (const y of [relu(x), await coreBackend.run(x), relu6(x)]) {
      expect(Object.getPrototypeOf(y)).toBe(Float32Array.prototype);
      expect(y.length).toBe(4);
    }
    expect(bits(relu(x))).toEqual(expected);
    expect(bits(await coreBackend.run(x))).toEqual(expected);
    expect(bits(reluBackward(x, new Scaled([1, 1, 1, 1], 1)))).toEqual(['0x00000000', '0x3f800000', '0x00000000', '0x3f800000']);
    const big = new Scaled(Array.from({ length: 300 }, (_, i) => i - 150), 1);
    expect([...relu(big)]).toEqual(Array.from({ length: 300 }, (_, i) => Math.max(0, i - 150)));
    const copy = sameTypeArray(x);
    expect(Object.getPrototypeOf(copy)).toBe(Float32Array.prototype);
    expect(copy.length).toBe(4);
  });

  it('a subclass that lies about length and buffer is read through its real slots', () => {
    const x = new Liar([-1, 5]);
    expect(x.length).toBe(1000);
    const y = relu(x);
    expect(y.length).toBe(2);
    expect([...y]).toEqual([0, 5]);
    const own = Object.defineProperty(new Float32Array([-2, 3, -4]), 'length', { value: 7 });
    expect([...relu(own)]).toEqual([0, 3, 0]);
    const out = new Liar([9, 9]);
    relu(new Float32Array([-1, 4]), { out });
    expect([out[0], out[1]]).toEqual([0, 4]);
    const long = new Liar(Array.from({ length: 400 }, (_, i) => -i));
    expect(relu(long).length).toBe(400);
  });

  it('a backend author gets the real kind and length from checkRun, and a plain view of the memory from intrinsicView', () => {
    const x = new Liar([-1, 5, 7]);
    const call = checkRun('demo', { relu: ['float32'] }, x, undefined);
    expect([call.dtype, call.kind.name, call.length]).toEqual(['float32', 'Float32Array', 3]);
    const view = intrinsicView(call.kind, x, call.length);
    expect(Object.getPrototypeOf(view)).toBe(Float32Array.prototype);
    expect([...view]).toEqual([-1, 5, 7]);
    const bits = intrinsicBitsView(call.kind, x, call.length);
    expect(Object.getPrototypeOf(bits)).toBe(Float32Array.prototype);
    expect([...bits]).toEqual([-1, 5, 7]);
    expect(() => checkRun('demo', { relu: ['float32'] }, new ClaimsFloat32([1]), undefined)).toThrow(/demo.run: x must be .*got a Uint8Array/);
  });

  it('checkTypedArray gives a backend\'s other entry points the same identification', () => {
    const { kind, dtype, length } = checkTypedArray('demo.copy', 'array', new Liar([-1, 5, 7]));
    expect([kind.name, dtype, length]).toEqual(['Float32Array', 'float32', 3]);
    expect(checkTypedArray('demo.copy', 'array', new Uint16Array(2), 'bfloat16').dtype).toBe('bfloat16');
    expect(() => checkTypedArray('demo.copy', 'array', new Uint16Array(2))).toThrow(/demo.copy: array is a Uint16Array, which holds 16-bit float bits only with options.dtype/);
    expect(() => checkTypedArray('demo.copy', 'array', new ClaimsFloat32([1]))).toThrow(/demo.copy: array must be a typed array: .*got a Uint8Array/);
    const posing = Object.defineProperty(new Int32Array(1), Symbol.toStringTag, { value: 'Float32Array' });
    expect(() => checkTypedArray('demo.copy', 'array', posing)).toThrow(/demo.copy: array must be a typed array that says what it is/);
    expect(() => checkTypedArray('demo.copy', 'array', [1, 2])).toThrow(TypeError);
    const buffer = new ArrayBuffer(8);
    const detached = new Float32Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    expect(() => checkTypedArray('demo.copy', 'array', detached)).toThrow(/demo.copy: array must be backed by a live ArrayBuffer; got a Float32Array whose buffer is detached/);
  });

  it('a Proxy of a typed array is not a typed array', () => {
    expect(() => relu(new Proxy(new Float32Array(2), {}) as never)).toThrow(TypeError);
  });
});

describe('a number[] is read exactly once', () => {
  it('a getter that yields a number to the check and a string afterwards cannot reach the kernel', () => {
    let reads = 0;
    const x: number[] = [];
    Object.defineProperty(x, 0, { get: () => (reads++ === 0 ? -3 : ('surprise' as never)), enumerable: true });
    x.length = 1;
    expect(relu(x)).toEqual([0]);
    expect(reads).toBe(1);
  });

  it('a Proxy sees each element read once, x and dy alike', () => {
    const counts = new Map<string, number>();
    const counted = (values: number[], name: string) =>
      new Proxy(values, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) counts.set(`${name}[${key}]`, (counts.get(`${name}[${key}]`) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      });
    expect(leakyRelu(counted([-1, 2, -3], 'x'))).toEqual([-0.01, 2, -0.03]);
    expect(reluBackward(counted([-1, 2], 'x2'), counted([5, 6], 'dy'))).toEqual([0, 6]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(7);
  });
});

describe('bigints are int64', () => {
  it.each([2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n])('x = %s is a RangeError naming x', (x) => {
    expect(() => relu(x)).toThrow(RangeError);
    expect(() => relu(x)).toThrow(/relu: x must be an int64, from -\(2n \*\* 63n\) to 2n \*\* 63n - 1n; got -?\d+n/);
    expect(() => relu6(x)).toThrow(/relu6: x must be an int64/);
  });

  it('dy out of range is a RangeError naming dy; the int64 bounds themselves are fine', () => {
    expect(() => reluBackward(1n, 2n ** 70n)).toThrow(/reluBackward: dy must be an int64/);
    expect(() => relu6Backward(1n, -(2n ** 63n) - 1n)).toThrow(RangeError);
    expect(relu(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(relu6(-(2n ** 63n))).toBe(0n);
    expect(reluBackward(1n, -(2n ** 63n))).toBe(-(2n ** 63n));
  });
});

describe('resizable and shared buffers', () => {
  /** ES2024's resizable ArrayBuffer (Node 20 has it; this package's lib is ES2023). */
  type Resizable = ArrayBuffer & { resize(byteLength: number): void };
  const resizable = (byteLength: number, maxByteLength: number): Resizable =>
    new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable)(byteLength, { maxByteLength });

  const shrunk = () => {
    const buffer = resizable(16, 16);
    const view = new Float32Array(buffer, 8, 2);
    buffer.resize(4);
    return view;
  };

  it('a view out of bounds of its shrunk resizable buffer is a TypeError naming x, not an empty result', async () => {
    expect(() => relu(shrunk())).toThrow(TypeError);
    expect(() => relu(shrunk())).toThrow(/relu: x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds of its resizable ArrayBuffer/);
    expect(() => leakyRelu(new Float32Array(2), { out: shrunk() })).toThrow(/leakyRelu: options.out must be backed by a live ArrayBuffer/);
    expect(() => reluBackward(new Float32Array(2), shrunk())).toThrow(/reluBackward: dy must be backed by a live ArrayBuffer/);
    await expect(coreBackend.run(shrunk())).rejects.toThrow(/core.run: x must be backed by a live ArrayBuffer/);
  });

  it('a length-tracking view is read at its current length, and an empty in-bounds view is fine', () => {
    const buffer = resizable(8, 32);
    const tracking = new Float32Array(buffer);
    tracking.set([-1, 2]);
    expect([...relu(tracking)]).toEqual([0, 2]);
    buffer.resize(16);
    tracking.set([-1, 2, -3, 4]);
    expect([...relu(tracking)]).toEqual([0, 2, 0, 4]);
    expect(relu(new Float32Array(buffer, 16, 0)).length).toBe(0);
  });

  it('SharedArrayBuffer-backed inputs, outputs and in place work', async () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 3 ? i : -i));
    for (const length of [3, 300]) {
      const x = new Float32Array(new SharedArrayBuffer(4 * length));
      x.set(values.slice(0, length));
      const plain = bits(relu(Float32Array.from(x)));
      expect(bits(relu(x))).toEqual(plain);
      expect(bits(await coreBackend.run(x))).toEqual(plain);
      const out = new Float32Array(new SharedArrayBuffer(4 * length));
      relu(x, { out });
      expect(bits(out)).toEqual(plain);
      relu(x, { out: x });
      expect(bits(x)).toEqual(plain);
    }
  });
});
