import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leakyRelu, relu, relu6 } from '../index.js';
import { float32ArrayOfAnyBits, float64ArrayOfAnyBits } from '../test-support/arbitraries.js';
import { leakyReluOracle, oracleMismatches, patternsOf } from '../test-support/oracles.js';

type FloatArray = Float32Array | Float64Array;
const ARRAYS = [
  { dtype: 'float32' as const, arrays: float32ArrayOfAnyBits as fc.Arbitrary<FloatArray>, make: (v: number[]) => Float32Array.from(v) as FloatArray },
  { dtype: 'float64' as const, arrays: float64ArrayOfAnyBits as fc.Arbitrary<FloatArray>, make: (v: number[]) => Float64Array.from(v) as FloatArray },
];

/** alpha values a caller may pass, subnormal-producing ones boosted. */
const anyAlpha = fc.oneof(
  fc.double({ min: -8, max: 8, noNaN: true }),
  fc.constantFrom(0, -0, 1, 0.01, 2 ** -126, 2 ** -140, 1e-40, 3.4e38),
  fc.integer({ min: -30, max: 30 }).map((k) => 2 ** k),
);

describe.each(ARRAYS)('leakyRelu properties on $dtype', ({ dtype, arrays, make }) => {
  it('agrees with the exact oracle for any alpha', () => {
    fc.assert(
      fc.property(arrays, anyAlpha, (x, alpha) => {
        expect(oracleMismatches(dtype, patternsOf(x), patternsOf(leakyRelu(x, { alpha })), (bits) => leakyReluOracle(dtype, alpha, bits))).toEqual([]);
      }),
    );
  });

  it('is odd-scaled where exact: leakyRelu(-x) = -(alpha * x) for x > 0 and alpha a power of two, when the product is a normal number', () => {
    fc.assert(
      fc.property(arrays, fc.integer({ min: -12, max: 12 }), (x, k) => {
        const alpha = 2 ** k;
        const limit = dtype === 'float32' ? [2 ** -126, 2 ** 127] : [2 ** -1022, 2 ** 1023];
        const positives = [...x].filter((v) => v > 0 && Number.isFinite(v) && alpha * v >= limit[0]! && alpha * v < limit[1]!);
        const y = leakyRelu(make(positives.map((v) => -v)), { alpha });
        positives.forEach((v, i) => expect(y[i]).toBe(-(alpha * v)));
      }),
    );
  });

  it('negating alpha negates the result on negative inputs (rounding is symmetric)', () => {
    fc.assert(
      fc.property(arrays, anyAlpha, (x, alpha) => {
        const [a, b] = [leakyRelu(x, { alpha }), leakyRelu(x, { alpha: -alpha })];
        x.forEach((v, i) => {
          if (v < 0) expect(Object.is(a[i], -b[i]!) || (Number.isNaN(a[i]) && Number.isNaN(b[i]))).toBe(true);
        });
      }),
    );
  });

  it('is monotone for alpha >= 0', () => {
    fc.assert(
      fc.property(arrays, arrays, anyAlpha.map(Math.abs), (a, b, alpha) => {
        const [ya, yb] = [leakyRelu(a, { alpha }), leakyRelu(b, { alpha })];
        for (let i = 0; i < Math.min(a.length, b.length); i++) {
          if (a[i]! <= b[i]! && !Number.isNaN(ya[i]) && !Number.isNaN(yb[i])) expect(ya[i]! <= yb[i]!).toBe(true);
        }
      }),
    );
  });

  it('returns x bit for bit where x is not negative (+0, -0, positives, +Inf) and a NaN exactly where x is NaN', () => {
    fc.assert(
      fc.property(arrays, anyAlpha, (x, alpha) => {
        const [xs, ys] = [patternsOf(x), patternsOf(leakyRelu(x, { alpha }))];
        x.forEach((v, i) => {
          if (!(v < 0)) expect(ys[i]).toBe(xs[i]);
        });
      }),
    );
  });

  it('never modifies its input', () => {
    fc.assert(
      fc.property(arrays, anyAlpha, (x, alpha) => {
        const before = patternsOf(x);
        leakyRelu(x, { alpha });
        expect(patternsOf(x)).toEqual(before);
      }),
    );
  });
});

describe.each(ARRAYS)('relu6 properties on $dtype', ({ arrays }) => {
  it('is idempotent, bit for bit', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        expect(patternsOf(relu6(relu6(x)))).toEqual(patternsOf(relu6(x)));
      }),
    );
  });

  it('is bounded: every number it returns is in [+0, 6], never -0', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        for (const y of relu6(x)) if (!Number.isNaN(y)) expect((y > 0 || Object.is(y, 0)) && y <= 6).toBe(true);
      }),
    );
  });

  it('is monotone', () => {
    fc.assert(
      fc.property(arrays, arrays, (a, b) => {
        const [ya, yb] = [relu6(a), relu6(b)];
        for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i]! <= b[i]!) expect(ya[i]! <= yb[i]!).toBe(true);
      }),
    );
  });

  it('is min(relu(x), 6), NaN exactly where x is NaN, and x bit for bit on (0, 6)', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        const [y, r, xs] = [relu6(x), relu(x), patternsOf(x)];
        const ys = patternsOf(y);
        x.forEach((v, i) => {
          expect(Number.isNaN(y[i])).toBe(Number.isNaN(v));
          if (!Number.isNaN(v)) expect(Object.is(y[i], Math.min(r[i]!, 6))).toBe(true);
          if (v > 0 && v < 6) expect(ys[i]).toBe(xs[i]);
        });
      }),
    );
  });
});
