import { type Attributes, type DType, OPS, OP_NAMES, allocate, bitMismatches, everyPattern, prng, randomBits, wordsOf } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { ORACLES } from './index.js';

/**
 * The oracles and @relu/core's kernels are two independent readings of SPEC.md: where they agree
 * on every 16-bit pattern and on millions of random wider ones, at alphas that hit every rounding
 * path, both are right. The hand-made cases below pin the oracle itself at each trap.
 */

const ALPHAS: readonly number[] = [0.01, 0, -0, -0.5, 1, 3, 1e-30, 1e-40, -7e30, 0.1, 2 ** -20];

function attributeSets(op: (typeof OPS)[keyof typeof OPS]): Attributes[] {
  return 'alpha' in op.defaults ? ALPHAS.map((alpha) => ({ alpha })) : [op.defaults];
}

function disagreements(opName: keyof typeof OPS, dtype: DType, attributes: Attributes, input: ReturnType<typeof allocate>) {
  const op = OPS[opName];
  const [fromOracle, fromCore] = [allocate(dtype, input.length), allocate(dtype, input.length)];
  ORACLES[opName](dtype, attributes, input, fromOracle);
  op.forward(dtype, attributes as never, input, fromCore);
  return bitMismatches(dtype, fromCore, fromOracle, 5).map((m) => ({ ...m, input: [...wordsOf(input).slice(m.index * (dtype.endsWith('64') ? 2 : 1), (m.index + 1) * (dtype.endsWith('64') ? 2 : 1))].map((w) => w.toString(16)) }));
}

describe.each(OP_NAMES.map((name) => [name] as const))('the %s oracle', (name) => {
  const op = OPS[name];
  const narrow = op.dtypes.filter((d) => ['float16', 'bfloat16', 'int8', 'int16'].includes(d));
  const wide = op.dtypes.filter((d) => !narrow.includes(d));
  const sets = attributeSets(op);

  it.each(narrow)('agrees with @relu/core on every %s pattern at every test alpha', (dtype) => {
    for (const attributes of sets) expect(disagreements(name, dtype, attributes, everyPattern(dtype)), JSON.stringify(attributes)).toEqual([]);
  });

  it.each(wide)('agrees with @relu/core on random %s bits at every test alpha', (dtype) => {
    const random = prng(1234);
    for (const attributes of sets) expect(disagreements(name, dtype, attributes, randomBits(dtype, 1 << 16, random)), JSON.stringify(attributes)).toEqual([]);
  });
});

describe('the leakyRelu oracle at the traps', () => {
  const leaky = (dtype: DType, alpha: number, bits: number[]) => {
    const input = allocate(dtype, bits.length);
    const words = wordsOf(input);
    bits.forEach((b, i) => (words[i] = b));
    const output = allocate(dtype, bits.length);
    ORACLES.leakyRelu(dtype, { alpha }, input, output);
    return [...wordsOf(output)].map((w) => `0x${w.toString(16)}`);
  };

  it('keeps -0, +0, positives, +Inf and NaN bits; scales -Inf; -0 * alpha stays -0', () => {
    expect(leaky('float32', 0.01, [0x80000000, 0, 0x3f800000, 0x7f800000, 0x7fc00001, 0xffc00001, 0xff800000])).toEqual(['0x80000000', '0x0', '0x3f800000', '0x7f800000', '0x7fc00001', '0xffc00001', '0xff800000']);
    expect(leaky('float32', -2, [0xff800000])).toEqual(['0x7f800000']);
    expect(leaky('float32', 0, [0xff800000, 0xbf800000])).toEqual(['0x7fc00000', '0x80000000']); // 0 * -Inf is NaN; 0 * -1 is -0
  });

  it('rounds the exact product once, to nearest even', () => {
    // -1 * float32(0.01) is float32(0.01) itself, negated: 0x3c23d70a
    expect(leaky('float32', 0.01, [0xbf800000])).toEqual(['0xbc23d70a']);
    // 3 * 2^-150 (= -(2^-149 + 2^-150) scaled): the smallest subnormal times 1.5 is a tie, to even: 2 * 2^-149
    expect(leaky('float32', 1.5, [0x80000001, 0x80000003])).toEqual(['0x80000002', '0x80000004']);
    // alpha 0.5 on the smallest subnormal: exactly half of it, a tie between -0 and -2^-149: to even, -0
    expect(leaky('float32', 0.5, [0x80000001])).toEqual(['0x80000000']);
    // overflow: -2^127 * 4 is -Inf
    expect(leaky('float32', 4, [0xff000000])).toEqual(['0xff800000']);
  });

  it('rounds float16 once from the exact product, not through float32', () => {
    // x = -150 * 2^-24 (0x8096), float32(0.01) = 0.00999999977648258...: the exact product is
    // -1.49999996647... * 2^-24, nearest float16 -2^-24 (0x8001). Rounded to float32 first it becomes
    // exactly -1.5 * 2^-24, a tie that goes to even: 0x8002, one unit off.
    expect(leaky('float16', 0.01, [0x8096])).toEqual(['0x8001']);
    expect(nearestFloat16Bits(Math.fround(0.01) * -150 * 2 ** -24)).toBe(0x8001);
  });
});

/** Round-to-nearest-even of an exact double to float16 bits by search over the ordered patterns (slow, obviously right). */
function nearestFloat16Bits(value: number): number {
  const sign = value < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  const valueOf = (bits: number) => {
    const e = (bits >> 10) & 0x1f;
    const f = bits & 0x3ff;
    return e === 0 ? f * 2 ** -24 : (1024 + f) * 2 ** (e - 25);
  };
  let best = 0;
  for (let bits = 0; bits < 0x7c00; bits++) {
    const [d, b] = [Math.abs(valueOf(bits) - magnitude), Math.abs(valueOf(best) - magnitude)];
    if (d < b || (d === b && bits % 2 === 0)) best = bits;
  }
  return sign | best;
}
