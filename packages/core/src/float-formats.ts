import type { DType } from './dtype.js';

/**
 * The IEEE 754 binary formats of the floating dtypes, by their field widths: every package that
 * reads a value's sign, exponent and fraction from its bits (the GPU kernels' generators, the
 * conformance suite's classifier and oracles) takes them from here. bfloat16 is binary32's top half.
 */
export interface FloatFormat {
  /** Bits per element. */
  readonly width: 16 | 32 | 64;
  readonly exponentBits: number;
  readonly fractionBits: number;
}

export const FLOAT_FORMATS: Readonly<Partial<Record<DType, FloatFormat>>> = Object.freeze({
  float32: Object.freeze({ width: 32, exponentBits: 8, fractionBits: 23 }),
  float64: Object.freeze({ width: 64, exponentBits: 11, fractionBits: 52 }),
  float16: Object.freeze({ width: 16, exponentBits: 5, fractionBits: 10 }),
  bfloat16: Object.freeze({ width: 16, exponentBits: 8, fractionBits: 7 }),
});

/** The format of a floating dtype; a TypeError for an integer one. */
export function floatFormat(dtype: DType): FloatFormat {
  const format = FLOAT_FORMATS[dtype];
  if (!format) throw new TypeError(`'${dtype}' is not a floating-point dtype`);
  return format;
}

/** The exponent bias: 127 for binary32. */
export const exponentBias = (format: FloatFormat): number => 2 ** (format.exponentBits - 1) - 1;

/**
 * Bits of +Inf, of the sign, and of 6, in the element's top word (the whole element for 16- and
 * 32-bit formats, the high word for float64), as unsigned numbers: what a kernel on 32-bit words
 * compares against.
 */
export function topWordBits(format: FloatFormat): { readonly infinity: number; readonly sign: number; readonly six: number } {
  const fractionInTop = format.width === 64 ? format.fractionBits - 32 : format.fractionBits;
  const exponentMask = 2 ** format.exponentBits - 1;
  // 6 = 1.5 * 2^2: exponent field bias + 2, the fraction's top bit set.
  return {
    infinity: exponentMask * 2 ** fractionInTop,
    sign: 2 ** (Math.min(format.width, 32) - 1),
    six: (exponentBias(format) + 2) * 2 ** fractionInTop + 2 ** (fractionInTop - 1),
  };
}
