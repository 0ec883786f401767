import { describe, expect, it } from 'vitest';
import { arrayBits, arrayFromBits, reluBackward } from './index.js';
import { expectBits } from './test-support/expect-bits.js';

/**
 * The gradient rule of SPEC.md, written out per input: dx = dy where x > 0 (dy's bits, -0 and
 * NaN included), a NaN where x is NaN, +0 elsewhere whatever dy is (Inf and NaN included).
 */
const FLOAT32_CASES: readonly (readonly [string, string, string, string])[] = [
  // label, x bits, dy bits, expected dx bits
  ['x = +1, dy = 0.5', '0x3f800000', '0x3f000000', '0x3f000000'],
  ['x = +1, dy = -0', '0x3f800000', '0x80000000', '0x80000000'],
  ['x = +1, dy = NaN with payload', '0x3f800000', '0x7fc00123', 'NaN'],
  ['x = +smallest subnormal, dy = 2', '0x00000001', '0x40000000', '0x40000000'],
  ['x = +Inf, dy = 3', '0x7f800000', '0x40400000', '0x40400000'],
  ['x = +0, dy = 5', '0x00000000', '0x40a00000', '0x00000000'],
  ['x = -0, dy = 5', '0x80000000', '0x40a00000', '0x00000000'],
  ['x = -1, dy = 5', '0xbf800000', '0x40a00000', '0x00000000'],
  ['x = -Inf, dy = 5', '0xff800000', '0x40a00000', '0x00000000'],
  ['x = -1, dy = +Inf', '0xbf800000', '0x7f800000', '0x00000000'],
  ['x = -1, dy = NaN', '0xbf800000', '0x7fc00000', '0x00000000'],
  ['x = +0, dy = NaN', '0x00000000', '0xffc00000', '0x00000000'],
  ['x = NaN, dy = 1', '0x7fc00000', '0x3f800000', 'NaN'],
  ['x = -NaN, dy = 0', '0xffc00001', '0x00000000', 'NaN'],
];

describe('reluBackward follows the gradient rule of SPEC.md', () => {
  it('float32, case by case', () => {
    const x = arrayFromBits('float32', FLOAT32_CASES.map((c) => c[1]));
    const dy = arrayFromBits('float32', FLOAT32_CASES.map((c) => c[2]));
    expectBits('float32', reluBackward(x, dy), FLOAT32_CASES.map((c) => c[3]), FLOAT32_CASES.map((c) => c[0]));
  });

  it('float64, including a NaN whose payload is only in the low word', () => {
    const x = arrayFromBits('float64', ['0x3ff0000000000000', '0x8000000000000000', '0xfff0000000000000', '0xfff0000000000001', '0x0000000000000001']);
    const dy = arrayFromBits('float64', ['0x4000000000000000', '0x4000000000000000', '0x7ff0000000000000', '0x4000000000000000', '0x8000000000000000']);
    expectBits('float64', reluBackward(x, dy), ['0x4000000000000000', '0x0000000000000000', '0x0000000000000000', 'NaN', '0x8000000000000000']);
  });

  it('float16 and bfloat16 bits', () => {
    expectBits('float16', reluBackward(arrayFromBits('float16', ['0x3c00', '0x8000', '0xfc00', '0x7e00', '0x0001']), arrayFromBits('float16', ['0x4000', '0x4000', '0x7c00', '0x4000', '0x4000']), { dtype: 'float16' }), ['0x4000', '0x0000', '0x0000', 'NaN', '0x4000']);
    expectBits('bfloat16', reluBackward(arrayFromBits('bfloat16', ['0x3f80', '0x8000', '0xff80', '0xffc0', '0x0001']), arrayFromBits('bfloat16', ['0x4000', '0x4000', '0x7f80', '0x4000', '0x4000']), { dtype: 'bfloat16' }), ['0x4000', '0x0000', '0x0000', 'NaN', '0x4000']);
  });

  it('integers: dx = x > 0 ? dy : 0', () => {
    expect([...reluBackward(new Int8Array([-128, -1, 0, 1, 127]), new Int8Array([5, 5, 5, 5, -7]))]).toEqual([0, 0, 0, 5, -7]);
    expect([...reluBackward(new Int32Array([-5, 0, 7]), new Int32Array([1, 1, 1]))]).toEqual([0, 0, 1]);
    expect([...reluBackward(new BigInt64Array([-(2n ** 63n), 0n, 2n ** 32n, 1n]), new BigInt64Array([9n, 9n, 9n, -9n]))]).toEqual([0n, 0n, 9n, -9n]);
  });

  it('numbers, number[] and bigints', () => {
    expect(reluBackward(2, 0.5)).toBe(0.5);
    expect(Object.is(reluBackward(-0, 1), 0)).toBe(true);
    expect(reluBackward(NaN, 1)).toBeNaN();
    expect(Object.is(reluBackward(-1, NaN), 0)).toBe(true);
    expect(reluBackward([-1, 0, 3, NaN], [7, 7, 7, 7])).toEqual([0, 0, 7, NaN]);
    expect(reluBackward(-3n, 4n)).toBe(0n);
  });

  it('never mutates x or dy, and writes out in place when asked', () => {
    const x = new Float32Array([-1, 2, 3]);
    const dy = new Float32Array([4, 5, 6]);
    reluBackward(x, dy);
    expect([...x, ...dy]).toEqual([-1, 2, 3, 4, 5, 6]);
    expect(reluBackward(x, dy, { out: dy })).toBe(dy);
    expect(arrayBits('float32', dy)).toEqual(['0x00000000', '0x40a00000', '0x40c00000']);
  });
});
