import type { DType } from '@relu/core';

/**
 * The IEEE 754 binary formats of the floating dtypes, which the integer kernels need to find a
 * value's sign, exponent and fraction in its bits. bfloat16 is binary32's top half.
 */
export interface FloatFormat {
  /** Bits per element. */
  readonly width: 16 | 32 | 64;
  readonly exponentBits: number;
  readonly fractionBits: number;
}

export const FLOAT_FORMATS: Readonly<Partial<Record<DType, FloatFormat>>> = {
  float32: { width: 32, exponentBits: 8, fractionBits: 23 },
  float64: { width: 64, exponentBits: 11, fractionBits: 52 },
  float16: { width: 16, exponentBits: 5, fractionBits: 10 },
  bfloat16: { width: 16, exponentBits: 8, fractionBits: 7 },
};

export function floatFormat(dtype: DType): FloatFormat {
  const format = FLOAT_FORMATS[dtype];
  if (!format) throw new TypeError(`'${dtype}' is not a floating-point dtype`);
  return format;
}

export const bias = (f: FloatFormat): number => 2 ** (f.exponentBits - 1) - 1;

/**
 * Bits of +Inf, of the sign, and of 6, in the element's top word (the whole element for 16- and
 * 32-bit formats, the high word for float64), as unsigned numbers.
 */
export function topWordBits(f: FloatFormat): { readonly infinity: number; readonly sign: number; readonly six: number } {
  const fractionInTop = f.width === 64 ? f.fractionBits - 32 : f.fractionBits;
  const exponentMask = 2 ** f.exponentBits - 1;
  // 6 = 1.5 * 2^2: exponent field bias + 2, the fraction's top bit set.
  return {
    infinity: exponentMask * 2 ** fractionInTop,
    sign: 2 ** (Math.min(f.width, 32) - 1),
    six: (bias(f) + 2) * 2 ** fractionInTop + 2 ** (fractionInTop - 1),
  };
}

/** A WGSL / GLSL u32 literal. */
export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}u`;
