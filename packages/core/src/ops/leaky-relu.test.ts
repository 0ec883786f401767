import { describe, expect, it } from 'vitest';
import { type DType, LEAKY_RELU, arrayFromBits, coreBackend, everyPattern, leakyRelu, prng, randomBits } from '../index.js';
import { expectBits } from '../test-support/expect-bits.js';
import { type FloatDType, leakyReluOracle, oracleMismatches, patternsOf } from '../test-support/oracles.js';

const FLOATS: readonly FloatDType[] = ['float32', 'float64', 'float16', 'bfloat16'];
const bitsOption = (dtype: DType) => (dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : {});

/**
 * alpha values that reach every branch of SPEC.md's rule: the default, zero of both signs,
 * negative, one, above one (overflow), tiny (subnormal and underflowing products), inexact in
 * float32 (0.1, 0.2), and large.
 */
const ALPHAS = [0.01, 0.2, 0.1, 0, -0, -0.5, -2, 1, 1.5, 3, 2 ** -20, 1e-30, 2 ** -149, 65504, 1e38];

describe.each(FLOATS)('leakyRelu on the special values of %s (expected bits hand-derived, alpha = 0.01)', (dtype) => {
  const values = LEAKY_RELU.specialValues[dtype]!;
  const inputs = values.map((v) => v.input);
  const expected = values.map((v) => v.expected);
  const labels = values.map((v) => `${v.label} ${v.input}`);

  it('leakyRelu() gives the specified bits', () => {
    expectBits(dtype, leakyRelu(arrayFromBits(dtype, inputs), bitsOption(dtype)), expected, labels);
  });

  it('coreBackend.run(x, { op: "leakyRelu" }) gives the same bits', async () => {
    expectBits(dtype, await coreBackend.run(arrayFromBits(dtype, inputs), { ...bitsOption(dtype), op: 'leakyRelu' }), expected, labels);
  });

  it('each value alone, and repeated past the unrolled loop, gives the same bits', () => {
    values.forEach((v) => expectBits(dtype, leakyRelu(arrayFromBits(dtype, [v.input]), bitsOption(dtype)), [v.expected], [v.label]));
    const many = Array.from({ length: 600 }, (_, i) => values[i % values.length]!);
    expectBits(dtype, leakyRelu(arrayFromBits(dtype, many.map((v) => v.input)), bitsOption(dtype)), many.map((v) => v.expected));
  });

  it('the table agrees with the exact oracle (two independent derivations)', () => {
    const patterns = inputs.map(BigInt);
    const wanted = expected.map((e) => (e === 'NaN' ? 'NaN' : BigInt(e)));
    const fromOracle = patterns.map((bits) => leakyReluOracle(dtype, 0.01, bits));
    expect(fromOracle).toEqual(wanted);
  });
});

describe.each(['float16', 'bfloat16'] as const)('leakyRelu on all 65,536 %s patterns against the exact oracle', (dtype) => {
  const x = everyPattern(dtype);
  const inputs = patternsOf(x);
  it.each(ALPHAS)('alpha = %s', (alpha) => {
    const y = leakyRelu(x, { dtype, alpha });
    expect(oracleMismatches(dtype, inputs, patternsOf(y), (bits) => leakyReluOracle(dtype, alpha, bits))).toEqual([]);
  });
});

describe.each(['float32', 'float64'] as const)('leakyRelu on random %s bit patterns against the exact oracle', (dtype) => {
  // Lengths on both sides of the unrolled loop's threshold, and tails of every length.
  const lengths = [1, 3, 127, 128, 255, 256, 263, 5000];
  it.each(ALPHAS)('alpha = %s', (alpha) => {
    lengths.forEach((length, k) => {
      const x = randomBits(dtype, length, prng(1000 + k));
      const y = leakyRelu(x, { alpha });
      expect(oracleMismatches(dtype, patternsOf(x), patternsOf(y), (bits) => leakyReluOracle(dtype, alpha, bits))).toEqual([]);
    });
  });

  it('random values in a normal range (few NaNs, so the fast blocks run), many alphas', () => {
    const random = prng(7);
    const values = Array.from({ length: 4096 }, () => ((random() / 2 ** 32) - 0.5) * 2 ** ((random() % 80) - 40));
    const x = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
    for (const alpha of ALPHAS) {
      const y = leakyRelu(x, { alpha });
      expect(oracleMismatches(dtype, patternsOf(x), patternsOf(y), (bits) => leakyReluOracle(dtype, alpha, bits))).toEqual([]);
    }
  });
});

/**
 * SPEC.md lets any NaN stand for any NaN, but @relu/core promises more: it returns the input NaN
 * unchanged. A kernel that let a NaN pass through a JS number (a multiply by 1, a copy through a
 * variable) would quiet signalling NaNs and, in some JIT tiers, rewrite payloads: these tests fail
 * on it.
 */
describe.each(FLOATS)('leakyRelu keeps every NaN bit for bit on %s', (dtype) => {
  const nans: Record<FloatDType, string[]> = {
    float32: ['0x7f800001', '0xff800001', '0x7fc00001', '0xffc00000', '0x7fbfffff', '0xffffffff', '0x7fc12345'],
    float64: ['0x7ff0000000000001', '0xfff0000000000001', '0x7ff8000000000001', '0xfff0000100000000', '0x7ff4000000000000', '0xffffffffffffffff'],
    float16: ['0x7c01', '0xfc01', '0x7e01', '0xfe00', '0x7dff', '0xffff'],
    bfloat16: ['0x7f81', '0xff81', '0x7fc1', '0xffc0', '0x7fbf', '0xffff'],
  };
  const others: Record<FloatDType, string> = { float32: '0xbf800000', float64: '0xbff0000000000000', float16: '0xbc00', bfloat16: '0xbf80' };

  it.each([1, 8, 300, 1024])('among %s elements, in a new array and in place', (length) => {
    const pattern = Array.from({ length }, (_, i) => (i % 3 === 1 ? nans[dtype][i % nans[dtype].length]! : others[dtype]));
    const x = arrayFromBits(dtype, pattern);
    const inputs = patternsOf(x);
    const fresh = patternsOf(leakyRelu(x, bitsOption(dtype)));
    leakyRelu(x, { ...bitsOption(dtype), out: x });
    const inPlace = patternsOf(x);
    inputs.forEach((bits, i) => {
      if (pattern[i] !== others[dtype]) {
        expect(fresh[i], `element ${i}`).toBe(bits);
        expect(inPlace[i], `element ${i} in place`).toBe(bits);
      }
    });
  });
});

describe('leakyRelu: alpha, as SPEC.md decides it', () => {
  it('alpha > 1 overflows to -Inf, rounded once (not at the default alpha)', () => {
    expectBits('float32', leakyRelu(arrayFromBits('float32', ['0xff7fffff', '0xc0000000']), { alpha: 3 }), ['0xff800000', '0xc0c00000']);
    expectBits('float64', leakyRelu(arrayFromBits('float64', ['0xffefffffffffffff']), { alpha: 2 }), ['0xfff0000000000000']);
    expectBits('float16', leakyRelu(arrayFromBits('float16', ['0xfbff', '0xd800']), { dtype: 'float16', alpha: 2 }), ['0xfc00', '0xdc00']);
    expectBits('bfloat16', leakyRelu(arrayFromBits('bfloat16', ['0xff7f']), { dtype: 'bfloat16', alpha: 2 }), ['0xff80']);
    // 65504 * 1.0009765625 = 65567.96..., above the float16 rounding boundary 65520: -Inf.
    expectBits('float16', leakyRelu(arrayFromBits('float16', ['0xfbff']), { dtype: 'float16', alpha: 1.0009765625 }), ['0xfc00']);
  });

  it('alpha = 0 is not ReLU: negatives give -0 (0 * x) and -Inf gives NaN (0 * -Inf)', () => {
    expectBits('float32', leakyRelu(arrayFromBits('float32', ['0xbf800000', '0xff800000', '0x40000000', '0x80000000']), { alpha: 0 }), ['0x80000000', 'NaN', '0x40000000', '0x80000000']);
  });

  it('negative alpha flips negatives to positives; -0 stays -0 (it is returned, not multiplied)', () => {
    expectBits('float32', leakyRelu(arrayFromBits('float32', ['0xbf800000', '0x80000000', '0xff800000', '0x3f800000']), { alpha: -0.5 }), ['0x3f000000', '0x80000000', '0x7f800000', '0x3f800000']);
  });

  it('alpha = 1 is the identity on every pattern', () => {
    const x = everyPattern('float16');
    expect(patternsOf(leakyRelu(x, { dtype: 'float16', alpha: 1 }))).toEqual(patternsOf(x));
  });

  it('float64 uses the double alpha; every other dtype its float32 rounding', () => {
    // 0.1 as a double is 0x3fb999999999999a; as a float32 0x3dcccccd, which is 0.100000001490116...
    expect(leakyRelu(Float64Array.of(-1), { alpha: 0.1 })[0]).toBe(-0.1);
    expect(leakyRelu(-1, { alpha: 0.1 })).toBe(-0.1);
    expect(leakyRelu(Float32Array.of(-1), { alpha: 0.1 })[0]).toBe(Math.fround(-0.1));
    // 2^-149 * 0.1 rounds to 0 in float32; alpha = 2^-150 rounds to 0 in float32 and so gives -0.
    expectBits('float32', leakyRelu(arrayFromBits('float32', ['0xbf800000']), { alpha: 2 ** -150 }), ['0x80000000']);
    expect(Object.is(leakyRelu(Float64Array.of(-1), { alpha: 2 ** -150 })[0], -(2 ** -150))).toBe(true);
  });
});

describe('leakyRelu on numbers, number[] and output forms', () => {
  it('numbers are float64', () => {
    expect(leakyRelu(-2)).toBe(-0.02);
    expect(leakyRelu(3)).toBe(3);
    expect(Object.is(leakyRelu(-0), -0)).toBe(true);
    expect(leakyRelu(NaN)).toBeNaN();
    expect(leakyRelu(-Infinity)).toBe(-Infinity);
    expect(leakyRelu(-Infinity, { alpha: 0 })).toBeNaN();
    expect(leakyRelu(-10, { alpha: 0.2 })).toBe(-2);
    expect(leakyRelu([-10, -5, 0, 5, 10])).toEqual([-0.1, -0.05, 0, 5, 10]);
  });

  it('options.out, in place, subarray views and a partially overlapping out give the plain result', () => {
    const whole = randomBits('float32', 40, prng(3));
    const before = patternsOf(whole);
    const view = whole.subarray(5, 35);
    const plain = patternsOf(leakyRelu(view.slice()));
    expect(patternsOf(leakyRelu(view))).toEqual(plain);
    expect(patternsOf(whole)).toEqual(before);
    const out = new Float32Array(30);
    expect(leakyRelu(view, { out })).toBe(out);
    expect(patternsOf(out)).toEqual(plain);
    const shifted = whole.subarray(7, 37);
    leakyRelu(view, { out: shifted });
    expect(patternsOf(shifted)).toEqual(plain);
    const inPlace = new Float32Array(whole.buffer, 0, 40).subarray(5, 35);
    inPlace.set(new Float32Array(new Uint32Array(before.slice(5, 35).map(Number)).buffer));
    expect(leakyRelu(inPlace, { out: inPlace })).toBe(inPlace);
    expect(patternsOf(inPlace)).toEqual(plain);
  });
});
