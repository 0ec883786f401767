import type { DType } from '@relu/core';

/** The input classes of SPEC.md section 5, in the order reports show them. */
export const FLOAT_CLASSES = ['-Inf', '-normal', '-subnormal', '-0', '+0', '+subnormal', '+normal', '+Inf', 'NaN+', 'NaN-'] as const;
export const INT_CLASSES = ['negative', 'zero', 'positive'] as const;
export type FloatClass = (typeof FLOAT_CLASSES)[number];
export type IntClass = (typeof INT_CLASSES)[number];
export type InputClass = FloatClass | IntClass;

export function classesOf(dtype: DType): readonly InputClass[] {
  return dtype.startsWith('int') ? INT_CLASSES : FLOAT_CLASSES;
}

interface FloatFormat {
  readonly exponentBits: number;
  readonly fractionBits: number;
}

export const FLOAT_FORMATS: Readonly<Partial<Record<DType, FloatFormat>>> = {
  float16: { exponentBits: 5, fractionBits: 10 },
  bfloat16: { exponentBits: 8, fractionBits: 7 },
  float32: { exponentBits: 8, fractionBits: 23 },
  float64: { exponentBits: 11, fractionBits: 52 },
};

const FLOAT_CLASS_INDEX = new Map(FLOAT_CLASSES.map((c, i) => [c, i]));

/**
 * Class index (into FLOAT_CLASSES) of a float given its sign (0 or 1), biased exponent and
 * whether its fraction is zero: read off the fields, as SPEC.md defines the classes.
 */
export function floatClassIndex(sign: number, exponent: number, maxExponent: number, fractionIsZero: boolean): number {
  let name: FloatClass;
  if (exponent === maxExponent) name = fractionIsZero ? (sign ? '-Inf' : '+Inf') : sign ? 'NaN-' : 'NaN+';
  else if (exponent === 0) name = fractionIsZero ? (sign ? '-0' : '+0') : sign ? '-subnormal' : '+subnormal';
  else name = sign ? '-normal' : '+normal';
  return FLOAT_CLASS_INDEX.get(name)!;
}

export function intClassIndex(value: number | bigint): number {
  return value < 0 ? 0 : value > 0 ? 2 : 1;
}
