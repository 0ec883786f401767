import { describe, expect, it } from 'vitest';
import { UnsupportedDTypeError, checkRunArguments, coreBackend, leakyRelu, relu, reluBackward } from './index.js';

function detachedFloat32Array(): Float32Array {
  const buffer = new ArrayBuffer(16);
  const view = new Float32Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

describe('relu rejects bad input with a typed error naming argument, expectation and actual value', () => {
  it.each([
    ['a string', 'abc', /x must be .*Float32Array.*; got a string "abc"/],
    ['a plain object', { length: 2 }, /x must be .*; got an object/],
    ['null', null, /x must be .*; got null/],
    ['undefined', undefined, /x must be .*; got undefined/],
    ['a boolean', true, /got the boolean true/],
    ['a DataView', new DataView(new ArrayBuffer(4)), /got a DataView/],
    ['an ArrayBuffer', new ArrayBuffer(4), /got an ArrayBuffer of 4 bytes/],
    ['a Uint8Array', new Uint8Array(2), /got a Uint8Array \(uint8 is not a ReLU dtype/],
    ['a Uint8ClampedArray', new Uint8ClampedArray(2), /got a Uint8ClampedArray \(uint8 is not a ReLU dtype/],
    ['a Uint32Array', new Uint32Array(2), /got a Uint32Array \(uint32/],
    ['a Uint16Array without dtype', new Uint16Array(2), /Uint16Array.*options.dtype 'float16' or 'bfloat16'; got no options.dtype/],
    ['a mixed array', [1, '2', 3], /x\[1\] is a string "2"/],
    ['an array with a hole', [1, , 3], /x\[1\] is undefined/],
    ['an array of bigints', [1n], /x\[0\] is the bigint 1n/],
  ])('%s is a TypeError', (_, x, message) => {
    expect(() => relu(x as never)).toThrow(TypeError);
    expect(() => relu(x as never)).toThrow(message);
  });

  it('a detached buffer is a TypeError', () => {
    expect(() => relu(detachedFloat32Array())).toThrow(/x must be backed by a live ArrayBuffer; got a Float32Array whose buffer is detached/);
  });

  it('a dtype that does not match the array is a TypeError naming both', () => {
    expect(() => relu(new Float32Array(1), { dtype: 'int8' })).toThrow(TypeError);
    expect(() => relu(new Float32Array(1), { dtype: 'int8' })).toThrow(/options.dtype "int8" does not match x, a Float32Array that holds 'float32'/);
    expect(() => relu(new Uint16Array(1), { dtype: 'int16' })).toThrow(/options.dtype must be 'float16' or 'bfloat16' for a Uint16Array x; got a string "int16"/);
    expect(() => relu(1.5, { dtype: 'float32' as never })).toThrow(TypeError);
  });

  it('an unknown dtype is a RangeError; a non-string dtype a TypeError', () => {
    expect(() => relu(new Float32Array(1), { dtype: 'float8' as never })).toThrow(RangeError);
    expect(() => relu(new Float32Array(1), { dtype: 'float8' as never })).toThrow(/options.dtype must be one of 'float32' \| .*; got "float8"/);
    expect(() => relu(new Float32Array(1), { dtype: 32 as never })).toThrow(TypeError);
  });

  it('bad options are TypeErrors', () => {
    expect(() => relu(new Float32Array(1), 'float32' as never)).toThrow(/options must be undefined or an object/);
    expect(() => relu(new Float32Array(1), { dtpye: 'float32' } as never)).toThrow(/unknown key "dtpye"/);
    expect(() => relu(1, { out: new Float32Array(1) } as never)).toThrow(/options.out is for array inputs/);
    // The typed-array path tests keys apart from the other forms: the same errors there.
    expect(() => relu(new Float32Array(1), [] as never)).toThrow(/relu: options must be undefined or an object with keys dtype, out/);
    expect(() => relu(new Float32Array(1), null as never)).toThrow(/options must be undefined or an object/);
    expect(() => leakyRelu(new Float32Array(1), { alpha: 0.1, alhpa: 0.2 } as never)).toThrow(/leakyRelu: options has an unknown key "alhpa"; the known keys are dtype, out, alpha/);
    // An inherited enumerable key is one a property read would see: rejected too.
    expect(() => relu(new Float32Array(1), Object.create({ outt: 1 }))).toThrow(/unknown key "outt"/);
    // A Proxy whose keys change between reads still gets a TypeError, never a pass.
    let reads = 0;
    const shifty = new Proxy({}, { ownKeys: () => (reads++ === 0 ? ['bogus'] : []), getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) });
    expect(() => relu(new Float32Array(1), shifty)).toThrow(/relu: options showed an unknown key once and not when read again/);
  });

  it('an out of another type is a TypeError, of another length a RangeError', () => {
    expect(() => relu(new Float32Array(2), { out: new Float64Array(2) as never })).toThrow(TypeError);
    expect(() => relu(new Float32Array(2), { out: new Float64Array(2) as never })).toThrow(/options.out must be a Float32Array like x; got a Float64Array of length 2/);
    expect(() => relu(new Float32Array(2), { out: new Float32Array(3) })).toThrow(RangeError);
    expect(() => relu(new Float32Array(2), { out: new Float32Array(3) })).toThrow(/options.out.length must be 2, the length of x; got 3/);
    expect(() => relu([1, 2], { out: [0] })).toThrow(RangeError);
    expect(() => relu(new Float32Array(4), { out: detachedFloat32Array() })).toThrow(/options.out must be backed by a live ArrayBuffer/);
  });

  it('never mutates the input when it throws', () => {
    const x = new Float32Array([-1, 2]);
    expect(() => relu(x, { out: new Float32Array(3) })).toThrow();
    expect([...x]).toEqual([-1, 2]);
  });
});

describe('reluBackward rejects bad input', () => {
  it('checks dy like x', () => {
    expect(() => reluBackward(new Float32Array(2), new Float64Array(2) as never)).toThrow(/dy must be a Float32Array like x/);
    expect(() => reluBackward(new Float32Array(2), new Float32Array(1))).toThrow(RangeError);
    expect(() => reluBackward(1, 1n as never)).toThrow(/dy must be a number like x; got bigint/);
    expect(() => reluBackward([1, 2], [1, 'x'] as never)).toThrow(/dy\[1\] is a string "x"/);
  });
});

describe('the backend contract rejects bad input the same way', () => {
  it('coreBackend.run rejects non-arrays and numbers', async () => {
    await expect(coreBackend.run('abc' as never)).rejects.toThrow(/core.run: x must be/);
    await expect(coreBackend.run(1 as never)).rejects.toThrow(/core.run: x must be a typed array; got a number/);
  });

  it('an unsupported dtype raises UnsupportedDTypeError naming backend and dtype', () => {
    const call = () => checkRunArguments('demo', ['float32'], new Int16Array(1), undefined);
    expect(call).toThrow(UnsupportedDTypeError);
    expect(call).toThrow("demo: dtype 'int16' is not supported by this backend; it runs 'float32'");
  });
});
