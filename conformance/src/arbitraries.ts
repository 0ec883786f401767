import { type Attributes, type DType, OPS, type OpName, type ReluTypedArray, SPECIAL_VALUES, allocate, arrayFromBits, prng, wordsOf } from '@relu/core';
import fc from 'fast-check';

/**
 * fast-check arbitraries for backend inputs. Arrays are described by a small record (length,
 * seed, offset...) and materialized from it, so that arrays above 2^16 elements stay cheap to
 * generate and shrink, and every counterexample is printed as a record that rebuilds it.
 */

/** Lengths that matter to kernels: empty, one, odd, every SIMD tail, large, and above 2^16. */
export const kernelLength = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 3) },
  { weight: 5, arbitrary: fc.integer({ min: 4, max: 70 }) },
  { weight: 2, arbitrary: fc.integer({ min: 71, max: 4096 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65_537, max: 70_000 }) },
);

export interface ArraySpec {
  /** Elements in the view. */
  readonly length: number;
  /** Seeds the random bit patterns. */
  readonly seed: number;
  /** Every k-th element is a special value of the dtype (0: none). */
  readonly specialEvery: number;
  /** Elements of the backing buffer before and after the view (a byteOffset view when > 0). */
  readonly before: number;
  readonly after: number;
}

export const arraySpec: fc.Arbitrary<ArraySpec> = fc.record({
  length: kernelLength,
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  specialEvery: fc.integer({ min: 0, max: 8 }),
  before: fc.integer({ min: 0, max: 7 }),
  after: fc.integer({ min: 0, max: 3 }),
});

/**
 * The view an ArraySpec describes: random bits of every pattern (integers reinterpreted as
 * floats, so every NaN payload and subnormal is reachable), special values mixed in, inside a
 * larger buffer whose neighbours are random too.
 */
export function materialize(dtype: DType, spec: ArraySpec): ReluTypedArray {
  const whole = allocate(dtype, spec.before + spec.length + spec.after);
  const words = wordsOf(whole);
  const random = prng(spec.seed);
  for (let i = 0; i < words.length; i++) words[i] = random();
  const view = whole.subarray(spec.before, spec.before + spec.length) as ReluTypedArray;
  if (spec.specialEvery > 0) {
    const specials = specialValuesArray(dtype);
    for (let i = 0, k = spec.seed % specials.length; i < view.length; i += spec.specialEvery, k = (k + 1) % specials.length) {
      (view as unknown as (number | bigint)[])[i] = specials[k]!;
    }
  }
  return view;
}

/**
 * Every special input of the dtype in @relu/core's SPEC tables, of every op (ReLU's, with the
 * seeds [-10, -5, 0, 5, 10], and each op's own, such as 6 and its neighbours for relu6), once each.
 */
export function specialValuesArray(dtype: DType): ReluTypedArray {
  const inputs = new Set(SPECIAL_VALUES[dtype].map((v) => v.input));
  for (const op of Object.values(OPS)) for (const v of op.specialValues[dtype] ?? []) inputs.add(v.input);
  return arrayFromBits(dtype, [...inputs]);
}

/**
 * alphas for leakyRelu that mean something: the default, 0, -0, negative, 1, above 1 (products
 * that overflow), tiny values whose products are subnormal or whose float32 rounding is itself
 * subnormal or 0.
 */
const NOTABLE_ALPHAS: readonly number[] = [0.01, 0.2, 0.1, 0, -0, 1, -1, 0.5, 2, -0.5, 3, 1e6, -1e30, 1e-30, 1e-38, 1e-40, 1e-45, 1e-50];

/** Attributes every property run checks whatever its seed: each op's notable values. */
const NOTABLE_ATTRIBUTES: Readonly<Record<OpName, readonly Attributes[]>> = {
  relu: [],
  leakyRelu: NOTABLE_ALPHAS.map((alpha) => ({ alpha })),
  relu6: [],
};

/**
 * The examples every property run starts with: no elements, then all special values together, in
 * a view, at the defaults and at each notable attribute value. With the few random runs CI can
 * afford per property, a notable alpha would otherwise be drawn in some runs and not in others,
 * and a subject's behaviour there found by chance.
 */
export function specialExamples(op: OpName): [ArraySpec, Attributes][] {
  const defaults = OPS[op].defaults as Attributes;
  const everySpecial: ArraySpec = { length: 64, seed: 0, specialEvery: 1, before: 1, after: 1 };
  return [
    [{ length: 0, seed: 0, specialEvery: 1, before: 0, after: 0 }, defaults],
    [everySpecial, defaults],
    ...NOTABLE_ATTRIBUTES[op].map((attributes): [ArraySpec, Attributes] => [everySpecial, attributes]),
  ];
}

/**
 * alpha for leakyRelu: the notable values, random doubles near the usual range, and any finite
 * float32.
 */
const alpha: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NOTABLE_ALPHAS) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
);

/** Random attributes per op, so the properties cover more than the sweep's defaults. */
export const ATTRIBUTES: Readonly<Record<OpName, fc.Arbitrary<Attributes>>> = {
  relu: fc.constant(OPS.relu.defaults),
  leakyRelu: fc.record({ alpha }),
  relu6: fc.constant(OPS.relu6.defaults),
};

/** Replays a failing run: RELU_FC_SEED and RELU_FC_PATH from a failure message. */
export function replayParameters(): { seed?: number; path?: string } {
  const seed = process.env.RELU_FC_SEED;
  const path = process.env.RELU_FC_PATH;
  return { ...(seed ? { seed: Number(seed) } : {}), ...(path ? { path } : {}) };
}
