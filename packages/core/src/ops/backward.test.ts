import { describe, expect, it } from 'vitest';
import { arrayFromBits, everyPattern, leakyReluBackward, prng, randomBits, relu6Backward } from '../index.js';
import { expectBits } from '../test-support/expect-bits.js';
import { type FloatDType, leakyReluBackwardOracle, oracleMismatches, patternsOf, relu6BackwardOracle } from '../test-support/oracles.js';

type Case = readonly [label: string, x: string, dy: string, dx: string];

/**
 * The gradient rules of SPEC.md sections 3 and 4, written out per input class (float32 bits;
 * alpha = 0.01, whose float32 rounding times 5 rounds to 0x3d4ccccc).
 */
const LEAKY_CASES: readonly Case[] = [
  ['x = +1, dy = 0.5: dy', '0x3f800000', '0x3f000000', '0x3f000000'],
  ['x = +1, dy = -0: dy', '0x3f800000', '0x80000000', '0x80000000'],
  ['x = +1, dy = NaN: dy', '0x3f800000', '0x7fc00123', 'NaN'],
  ['x = +smallest subnormal, dy = 2: dy', '0x00000001', '0x40000000', '0x40000000'],
  ['x = +Inf, dy = 3: dy', '0x7f800000', '0x40400000', '0x40400000'],
  ['x = +0 (kink), dy = 5: alpha * dy', '0x00000000', '0x40a00000', '0x3d4ccccc'],
  ['x = -0 (kink), dy = 5: alpha * dy', '0x80000000', '0x40a00000', '0x3d4ccccc'],
  ['x = -1, dy = 5: alpha * dy', '0xbf800000', '0x40a00000', '0x3d4ccccc'],
  ['x = -Inf, dy = 5: alpha * dy', '0xff800000', '0x40a00000', '0x3d4ccccc'],
  ['x = -1, dy = -1: -alpha', '0xbf800000', '0xbf800000', '0xbc23d70a'],
  ['x = -1, dy = +Inf: +Inf', '0xbf800000', '0x7f800000', '0x7f800000'],
  ['x = -1, dy = -0: -0', '0xbf800000', '0x80000000', '0x80000000'],
  ['x = -1, dy = smallest subnormal: rounds to +0', '0xbf800000', '0x00000001', '0x00000000'],
  ['x = -1, dy = NaN: a NaN', '0xbf800000', '0x7fc00000', 'NaN'],
  ['x = NaN, dy = 1: a NaN', '0x7fc00000', '0x3f800000', 'NaN'],
  ['x = -NaN, dy = 0: a NaN', '0xffc00001', '0x00000000', 'NaN'],
];

const RELU6_CASES: readonly Case[] = [
  ['x = 1, dy = 0.5: dy', '0x3f800000', '0x3f000000', '0x3f000000'],
  ['x = +smallest subnormal, dy = -2: dy', '0x00000001', '0xc0000000', '0xc0000000'],
  ['x = largest below 6, dy = 3: dy', '0x40bfffff', '0x40400000', '0x40400000'],
  ['x = 1, dy = NaN: dy', '0x3f800000', '0x7fc00123', 'NaN'],
  ['x = 1, dy = -Inf: dy', '0x3f800000', '0xff800000', '0xff800000'],
  ['x = 6 (upper kink), dy = 5: +0', '0x40c00000', '0x40a00000', '0x00000000'],
  ['x = smallest above 6, dy = 5: +0', '0x40c00001', '0x40a00000', '0x00000000'],
  ['x = +Inf, dy = 5: +0', '0x7f800000', '0x40a00000', '0x00000000'],
  ['x = +0 (lower kink), dy = 5: +0', '0x00000000', '0x40a00000', '0x00000000'],
  ['x = -0, dy = 5: +0', '0x80000000', '0x40a00000', '0x00000000'],
  ['x = -1, dy = +Inf: +0, not Inf * 0', '0xbf800000', '0x7f800000', '0x00000000'],
  ['x = 7, dy = NaN: +0', '0x40e00000', '0x7fc00000', '0x00000000'],
  ['x = -Inf, dy = -5: +0', '0xff800000', '0xc0a00000', '0x00000000'],
  ['x = NaN, dy = 1: a NaN', '0x7fc00000', '0x3f800000', 'NaN'],
  ['x = -NaN, dy = 0: a NaN', '0xffc00001', '0x00000000', 'NaN'],
];

const run = (cases: readonly Case[], f: (x: Float32Array, dy: Float32Array) => Float32Array) => {
  const x = arrayFromBits('float32', cases.map((c) => c[1]));
  const dy = arrayFromBits('float32', cases.map((c) => c[2]));
  expectBits('float32', f(x, dy), cases.map((c) => c[3]), cases.map((c) => c[0]));
};

describe('leakyReluBackward, SPEC.md section 3', () => {
  it('float32, case by case', () => run(LEAKY_CASES, (x, dy) => leakyReluBackward(x, dy)));

  it('numbers and number[] (float64, the double alpha)', () => {
    expect(leakyReluBackward(2, 0.5)).toBe(0.5);
    expect(leakyReluBackward(-2, 5)).toBe(0.05);
    expect(leakyReluBackward(0, 5, { alpha: 0.2 })).toBe(1);
    expect(leakyReluBackward(-Infinity, 1)).toBe(0.01);
    expect(leakyReluBackward(NaN, 1)).toBeNaN();
    expect(leakyReluBackward([-1, 1, -0], [10, 10, 10])).toEqual([0.1, 10, 0.1]);
  });

  it.each(['float32', 'float64', 'float16', 'bfloat16'] as const)('%s random x and dy against the exact oracle, several alphas', (dtype: FloatDType) => {
    const options = dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : {};
    for (const alpha of [0.01, 0, -0.5, 3, 2 ** -20]) {
      const x = dtype === 'float16' || dtype === 'bfloat16' ? everyPattern(dtype) : randomBits(dtype, 3000, prng(21));
      const dy = randomBits(dtype, x.length, prng(22));
      const [xs, dys] = [patternsOf(x), patternsOf(dy)];
      const dx = leakyReluBackward(x as Float32Array, dy as Float32Array, { ...options, alpha } as never);
      expect(oracleMismatches(dtype, xs, patternsOf(dx), (bits, i) => leakyReluBackwardOracle(dtype, alpha, bits, dys[i]!))).toEqual([]);
    }
  });

  it('in place into dy or into x gives the same bits as a new array', () => {
    const x = randomBits('float32', 300, prng(5));
    const dy = randomBits('float32', 300, prng(6));
    const plain = patternsOf(leakyReluBackward(x, dy));
    const dyCopy = dy.slice();
    leakyReluBackward(x, dyCopy, { out: dyCopy });
    expect(patternsOf(dyCopy)).toEqual(plain);
    const xCopy = x.slice();
    leakyReluBackward(xCopy, dy, { out: xCopy });
    expect(patternsOf(xCopy)).toEqual(plain);
  });
});

describe('relu6Backward, SPEC.md section 4', () => {
  it('float32, case by case', () => run(RELU6_CASES, (x, dy) => relu6Backward(x, dy)));

  it('integers and bigints: dy where 0 < x < 6, else 0', () => {
    expect([...relu6Backward(new Int8Array([-128, -1, 0, 1, 5, 6, 7, 127]), new Int8Array([9, 9, 9, 9, -9, 9, 9, 9]))]).toEqual([0, 0, 0, 9, -9, 0, 0, 0]);
    expect([...relu6Backward(new Int32Array([-(2 ** 31), 3, 2 ** 31 - 1]), new Int32Array([1, 1, 1]))]).toEqual([0, 1, 0]);
    expect([...relu6Backward(new BigInt64Array([-(2n ** 63n), 0n, 3n, 6n, 2n ** 32n + 3n]), new BigInt64Array([9n, 9n, 9n, 9n, 9n]))]).toEqual([0n, 0n, 9n, 0n, 0n]);
    expect(relu6Backward(3n, 4n)).toBe(4n);
    expect(relu6Backward(6, 4)).toBe(0);
    expect(relu6Backward(NaN, 4)).toBeNaN();
  });

  it.each(['float32', 'float64', 'float16', 'bfloat16'] as const)('%s random x and dy against the field-reading oracle', (dtype: FloatDType) => {
    const options = dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : {};
    const x = dtype === 'float16' || dtype === 'bfloat16' ? everyPattern(dtype) : randomBits(dtype, 3000, prng(31));
    const dy = randomBits(dtype, x.length, prng(32));
    const [xs, dys] = [patternsOf(x), patternsOf(dy)];
    const dx = relu6Backward(x as Float32Array, dy as Float32Array, options as never);
    expect(oracleMismatches(dtype, xs, patternsOf(dx), (bits, i) => relu6BackwardOracle(dtype, bits, dys[i]!))).toEqual([]);
  });

  it('int16: every x with dy = x + 1', () => {
    const x = everyPattern('int16');
    const dy = x.map((v) => v + 1);
    const dx = relu6Backward(x, dy);
    expect([...x].filter((v, i) => dx[i] !== (v > 0 && v < 6 ? dy[i] : 0))).toEqual([]);
  });
});
