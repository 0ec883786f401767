import {
  FLOAT_FORMATS,
  BYTES_PER_ELEMENT,
  type DType,
  HIGH_WORD,
  LOW_WORD,
  OPS,
  type OpName,
  type ReluTypedArray,
  type WordView,
  allocate,
  bfloat16BitsToNumber,
  elementValue,
  float16BitsToNumber,
  isNaNWord,
  roundToFloatBits,
  sameBitsAt,
  wordsOf,
} from '@relu/core';
import type { RowContext } from './scope.js';

/**
 * What a declared deviation says the subject returns instead of SPEC.md's result: each outcome is
 * an exact model of one element's bits, so a declared deviation is held to exactly what it
 * claims (a deviation listing several outcomes accepts any of them). Models that recompute the
 * op under another arithmetic use @relu/core's reference kernel in that arithmetic.
 */
export type DeviationOutcome =
  | 'input'
  | '+0'
  | '-0'
  | '6'
  | 'NaN'
  | 'nearest-float32'
  | 'flush-to-zero'
  | 'double-rounding'
  | 'float32-alpha'
  | 'float64-arithmetic'
  | 'unsigned-zero-product'
  | 'float16-alpha'
  | 'neighbouring-float32-alpha';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];
const NARROW_FLOATS: readonly DType[] = ['float32', 'float16', 'bfloat16'];
const INTEGERS: readonly DType[] = ['int8', 'int16', 'int32', 'int64'];
const EVERY: readonly DType[] = [...FLOATS, ...INTEGERS];

interface OutcomeModel {
  /** What the subject returns, in one line (README, error messages). */
  readonly summary: string;
  /** The dtypes where the model means something; a profile that uses it elsewhere is rejected. */
  readonly dtypes: readonly DType[];
  /** The ops it means something for (absent: every op); a profile that uses it on another op is rejected. */
  readonly ops?: readonly OpName[];
  holds(models: OutcomeModels, actualWords: WordView, actual: ReluTypedArray, index: number): boolean;
}

const wordAt = (dtype: DType, words: WordView, index: number, high: boolean): number =>
  BYTES_PER_ELEMENT[dtype] === 8 ? words[2 * index + (high ? HIGH_WORD : LOW_WORD)]! : high ? words[index]! : 0;

/** The sign bit of the element's (high) word, per width. */
const SIGN_BIT: Readonly<Record<number, number>> = { 2: 0x8000, 4: 0x80000000, 8: 0x80000000 };

function isZero(dtype: DType, words: WordView, index: number, negative: boolean): boolean {
  return wordAt(dtype, words, index, true) === (negative ? SIGN_BIT[BYTES_PER_ELEMENT[dtype]] : 0) && wordAt(dtype, words, index, false) === 0;
}

function isSubnormal(dtype: DType, words: WordView, index: number): boolean {
  const { exponentBits, fractionBits } = FLOAT_FORMATS[dtype]!;
  const high = wordAt(dtype, words, index, true);
  const highFractionBits = BYTES_PER_ELEMENT[dtype] === 8 ? fractionBits - 32 : fractionBits;
  const exponent = (high >>> highFractionBits) & ((1 << exponentBits) - 1);
  const fractionNonZero = (high & ((1 << highFractionBits) - 1)) !== 0 || wordAt(dtype, words, index, false) !== 0;
  return exponent === 0 && fractionNonZero;
}

/** Decodes 16-bit float bits to their value; float32 and float64 elements are values already. */
function valuesOf(dtype: DType, input: ReluTypedArray): ArrayLike<number> {
  if (dtype === 'float16') return Array.from(wordsOf(input), float16BitsToNumber);
  if (dtype === 'bfloat16') return Array.from(wordsOf(input), bfloat16BitsToNumber);
  return input as Float32Array | Float64Array;
}

/** Rounds doubles to the dtype once (round to nearest even): the conversion a runtime's store does. */
function roundedTo(dtype: DType, values: Float64Array | Float32Array): ReluTypedArray {
  const out = allocate(dtype, values.length);
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const { exponentBits, fractionBits } = FLOAT_FORMATS[dtype]!;
    const words = wordsOf(out);
    for (let i = 0; i < values.length; i++) words[i] = roundToFloatBits(values[i]!, exponentBits, fractionBits);
  } else {
    (out as Float32Array | Float64Array).set(values);
  }
  return out;
}

/** The op on the input's values in another float type (exact widening), before rounding back to the dtype. */
function wideResult(via: 'float32' | 'float64', context: RowContext, input: ReluTypedArray, attributes = context.attributes): Float32Array | Float64Array {
  const wide = via === 'float32' ? Float32Array.from(valuesOf(context.dtype, input)) : Float64Array.from(valuesOf(context.dtype, input));
  const out = via === 'float32' ? new Float32Array(wide.length) : new Float64Array(wide.length);
  OPS[context.op].forward(via, attributes as never, wide, out);
  return out;
}

/** The op on the input's values in another float type (exact widening), the result rounded back to the dtype. */
function computedIn(via: 'float32' | 'float64', context: RowContext, input: ReluTypedArray): ReluTypedArray {
  return roundedTo(context.dtype, wideResult(via, context, input));
}

/**
 * The op in ONNX's arithmetic, unrounded: attributes as float32 (ONNX's FLOAT attribute), float64
 * data computed in float64, every narrower float type computed in float32 (onnxruntime's CPU
 * kernels widen float16 to float and back).
 */
function onnxArithmetic(context: RowContext, input: ReluTypedArray): Float32Array | Float64Array {
  const attributes = Object.fromEntries(Object.entries(context.attributes).map(([k, v]) => [k, Math.fround(v)]));
  return wideResult(context.dtype === 'float64' ? 'float64' : 'float32', context, input, attributes);
}

/** The op with alpha's float32 rounding moved `units` float32 steps along its bits (towards larger or smaller magnitude). */
function withAlphaUnitsOff(m: OutcomeModels, units: number): ReluTypedArray {
  const alphaBits = new Uint32Array(new Float32Array([(m.context.attributes as { alpha: number }).alpha]).buffer);
  alphaBits[0] = alphaBits[0]! + units;
  const out = allocate(m.context.dtype, m.input.length);
  OPS[m.context.op].forward(m.context.dtype, { ...m.context.attributes, alpha: new Float32Array(alphaBits.buffer)[0]! } as never, m.input, out);
  return out;
}

const OUTCOMES: Readonly<Record<DeviationOutcome, OutcomeModel>> = {
  input: {
    summary: 'the input, bit for bit',
    dtypes: EVERY,
    holds: (m, actual, _, i) => {
      const w = BYTES_PER_ELEMENT[m.context.dtype] === 8 ? 2 : 1;
      for (let k = 0; k < w; k++) if (actual[i * w + k] !== m.inputWords[i * w + k]) return false;
      return true;
    },
  },
  '+0': { summary: '+0', dtypes: EVERY, holds: (m, actual, _, i) => isZero(m.context.dtype, actual, i, false) },
  '-0': { summary: '-0 (the sign bit alone)', dtypes: FLOATS, holds: (m, actual, _, i) => isZero(m.context.dtype, actual, i, true) },
  // Loose equality: int64 elements are bigints, and 6n == 6.
  '6': { summary: 'the number 6', dtypes: EVERY, holds: (m, _, actual, i) => elementValue(m.context.dtype, actual, i) == 6 },
  NaN: { summary: 'a NaN (any)', dtypes: FLOATS, holds: (m, actual, _, i) => isNaNWord(m.context.dtype, actual, i) },
  'nearest-float32': {
    summary: 'the input rounded to the nearest float32, converted back by wrapping or by saturating at 2^31 - 128 (integers computed in float32)',
    dtypes: ['int32'],
    holds: (m, _, actual, i) => {
      const rounded = Math.fround(Number(m.input[i]));
      const got = Number(actual[i]);
      // Converted back to int32: wrapped (WebGL) or saturated at 2^31 - 128, the largest float32 below 2^31 (WGSL).
      return got === rounded || got === (rounded | 0) || got === Math.min(rounded, 2 ** 31 - 128);
    },
  },
  'flush-to-zero': {
    summary: "SPEC.md's result, except that a subnormal result is flushed to a zero of its sign",
    dtypes: FLOATS,
    holds: (m, actual, _, i) => isSubnormal(m.context.dtype, m.expectedWords, i) && isZero(m.context.dtype, actual, i, wordAt(m.context.dtype, m.expectedWords, i, true) >= SIGN_BIT[BYTES_PER_ELEMENT[m.context.dtype]]!),
  },
  'double-rounding': {
    summary: 'the op computed in float32 (the product rounded to float32), then rounded again to the 16-bit dtype',
    dtypes: ['float16', 'bfloat16'],
    holds: (m, actual, _, i) => sameBitsAt(m.context.dtype, m.computed('double-rounding', () => computedIn('float32', m.context, m.input)), actual, i),
  },
  'float32-alpha': {
    summary: "the op computed with its attributes rounded to float32 (ONNX's float attribute) instead of the caller's doubles",
    dtypes: ['float64'],
    holds: (m, actual, _, i) =>
      sameBitsAt(m.context.dtype, m.computed('float32-alpha', () => {
        const out = allocate(m.context.dtype, m.input.length);
        const attributes = Object.fromEntries(Object.entries(m.context.attributes).map(([k, v]) => [k, Math.fround(v)]));
        OPS[m.context.op].forward(m.context.dtype, attributes as never, m.input, out);
        return out;
      }), actual, i),
  },
  'float64-arithmetic': {
    summary: "the op computed on JavaScript numbers (doubles, with the caller's double attributes), then rounded to the dtype",
    dtypes: NARROW_FLOATS,
    holds: (m, actual, _, i) => sameBitsAt(m.context.dtype, m.computed('float64-arithmetic', () => computedIn('float64', m.context, m.input)), actual, i),
  },
  'float16-alpha': {
    summary: 'the op computed with its attributes rounded to float16 (a float16 shader constant) instead of float32, the product then rounded once',
    dtypes: ['float16'],
    holds: (m, actual, _, i) =>
      sameBitsAt(m.context.dtype, m.computed('float16-alpha', () => {
        const out = allocate(m.context.dtype, m.input.length);
        const { exponentBits, fractionBits } = FLOAT_FORMATS.float16!;
        const attributes = Object.fromEntries(Object.entries(m.context.attributes).map(([k, v]) => [k, float16BitsToNumber(roundToFloatBits(v, exponentBits, fractionBits))]));
        OPS[m.context.op].forward(m.context.dtype, attributes as never, m.input, out);
        return out;
      }), actual, i),
  },
  'neighbouring-float32-alpha': {
    summary: "the op computed with alpha's float32 rounding one unit off, up or down: a shader compiler that reads the decimal alpha literal to a neighbouring float32",
    dtypes: ['float32'],
    ops: ['leakyRelu'],
    holds: (m, actual, _, i) => sameBitsAt(m.context.dtype, m.computed('neighbouring-float32-alpha up', () => withAlphaUnitsOff(m, 1)), actual, i) || sameBitsAt(m.context.dtype, m.computed('neighbouring-float32-alpha down', () => withAlphaUnitsOff(m, -1)), actual, i),
  },
  'unsigned-zero-product': {
    summary: "+0 where x < 0 and the product alpha * x, in ONNX's arithmetic (float32 alpha; float64 for float64 data, float32 for narrower types), is zero: SPEC.md's -0 (the kernel adds +0 to the product, and +0 + -0 = +0)",
    dtypes: FLOATS,
    ops: ['leakyRelu'],
    holds: (m, actual, _, i) =>
      isZero(m.context.dtype, actual, i, false) &&
      !isZero(m.context.dtype, m.inputWords, i, true) &&
      Object.is(m.computedValues('unsigned-zero-product', () => onnxArithmetic(m.context, m.input))[i], -0),
  },
};

/** In documentation order (Object.keys would put '6', an integer-like key, first). */
export const DEVIATION_OUTCOMES: readonly DeviationOutcome[] = [
  'input',
  '+0',
  '-0',
  '6',
  'NaN',
  'nearest-float32',
  'flush-to-zero',
  'double-rounding',
  'float32-alpha',
  'float64-arithmetic',
  'unsigned-zero-product',
  'float16-alpha',
  'neighbouring-float32-alpha',
];

export function outcomeSummary(outcome: DeviationOutcome): string {
  return OUTCOMES[outcome].summary;
}

/** The dtypes an outcome is meaningful for. */
export function outcomeDTypes(outcome: DeviationOutcome): readonly DType[] {
  return OUTCOMES[outcome].dtypes;
}

/** The ops an outcome is meaningful for (every op when it does not say). */
export function outcomeOps(outcome: DeviationOutcome): readonly OpName[] | undefined {
  return OUTCOMES[outcome].ops;
}

/**
 * The outcome models of one input array (a sweep chunk) in one row context: the input, SPEC.md's
 * result for it, and each recomputed model made at most once, on first use, and shared by every
 * subject checked on that chunk and context.
 */
export class OutcomeModels {
  readonly inputWords: WordView;
  readonly expectedWords: WordView;
  /** Keyed by outcome, or by a model's own name for each of its computations. */
  readonly #computed = new Map<string, WordView>();
  readonly #values = new Map<DeviationOutcome, ArrayLike<number>>();

  constructor(
    readonly context: RowContext,
    readonly input: ReluTypedArray,
    /** SPEC.md's result for `input` (the oracle's, when checking the reference itself). */
    readonly expected: ReluTypedArray,
  ) {
    this.inputWords = wordsOf(input);
    this.expectedWords = wordsOf(expected);
  }

  computed(key: string, compute: () => ReluTypedArray): WordView {
    let words = this.#computed.get(key);
    if (!words) this.#computed.set(key, (words = wordsOf(compute())));
    return words;
  }

  /** Like computed(), for models that read values in a wider type instead of the dtype's bits. */
  computedValues(outcome: DeviationOutcome, compute: () => ArrayLike<number>): ArrayLike<number> {
    let values = this.#values.get(outcome);
    if (!values) this.#values.set(outcome, (values = compute()));
    return values;
  }

  /** True when element `index` of `actual` is what one of `outcomes` says. */
  holds(outcomes: readonly DeviationOutcome[], actual: ReluTypedArray, actualWords: WordView, index: number): boolean {
    for (const outcome of outcomes) if (OUTCOMES[outcome].holds(this, actualWords, actual, index)) return true;
    return false;
  }
}
