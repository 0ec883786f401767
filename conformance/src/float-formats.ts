import type { DType } from '@relu/core';

/**
 * The IEEE 754 binary formats of the floating dtypes, by their field widths. The classifier, the
 * oracles and the outcome models read bit patterns through these, never through a JS number
 * (engines rewrite NaN bits when values pass through numbers).
 */
export interface FloatFormat {
  readonly exponentBits: number;
  readonly fractionBits: number;
}

export const FLOAT_FORMATS: Readonly<Partial<Record<DType, FloatFormat>>> = {
  float16: { exponentBits: 5, fractionBits: 10 },
  bfloat16: { exponentBits: 8, fractionBits: 7 },
  float32: { exponentBits: 8, fractionBits: 23 },
  float64: { exponentBits: 11, fractionBits: 52 },
};
