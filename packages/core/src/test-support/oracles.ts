import { type Exact, FORMATS, compareWithInteger, decode, encode, exactOfNumber, multiply } from './exact-float.js';

/**
 * Each op's SPEC.md rule as an oracle over bit patterns, on the exact model of exact-float.ts:
 * the expected pattern of one input pattern, or 'NaN' where any NaN is right.
 */
export type FloatDType = keyof typeof FORMATS;

const isNegativeNumber = (x: Exact): boolean => (x.kind === 'inf' && x.negative) || (x.kind === 'finite' && x.negative && x.significand !== 0n);

/** alpha as SPEC.md says each dtype uses it: the double for float64, its float32 rounding otherwise. */
export function alphaFor(dtype: FloatDType, alpha: number): Exact {
  const double = exactOfNumber(alpha);
  return dtype === 'float64' ? double : decode(FORMATS.float32, encode(FORMATS.float32, double));
}

export function leakyReluOracle(dtype: FloatDType, alpha: number, bits: bigint): bigint | 'NaN' {
  const x = decode(FORMATS[dtype], bits);
  if (x.kind === 'nan') return 'NaN';
  if (!isNegativeNumber(x)) return bits;
  const product = multiply(alphaFor(dtype, alpha), x);
  return product.kind === 'nan' ? 'NaN' : encode(FORMATS[dtype], product);
}

/** The gradient: dy where x > 0, alpha * dy rounded once where x <= 0, a NaN where x is NaN. */
export function leakyReluBackwardOracle(dtype: FloatDType, alpha: number, xBits: bigint, dyBits: bigint): bigint | 'NaN' {
  const x = decode(FORMATS[dtype], xBits);
  if (x.kind === 'nan') return 'NaN';
  const positive = (x.kind === 'inf' && !x.negative) || (x.kind === 'finite' && !x.negative && x.significand !== 0n);
  if (positive) return decode(FORMATS[dtype], dyBits).kind === 'nan' ? 'NaN' : dyBits;
  const product = multiply(alphaFor(dtype, alpha), decode(FORMATS[dtype], dyBits));
  return product.kind === 'nan' ? 'NaN' : encode(FORMATS[dtype], product);
}

const sixBits = (dtype: FloatDType): bigint => encode(FORMATS[dtype], { kind: 'finite', negative: false, significand: 6n, exponent: 0 });

export function relu6Oracle(dtype: FloatDType, bits: bigint): bigint | 'NaN' {
  const x = decode(FORMATS[dtype], bits);
  if (x.kind === 'nan') return 'NaN';
  if (x.kind === 'inf') return x.negative ? 0n : sixBits(dtype);
  if (x.negative || x.significand === 0n) return 0n;
  return compareWithInteger(x, 6n) >= 0 ? sixBits(dtype) : bits;
}

/** dy where 0 < x < 6, a NaN where x is NaN, +0 elsewhere. */
export function relu6BackwardOracle(dtype: FloatDType, xBits: bigint, dyBits: bigint): bigint | 'NaN' {
  const x = decode(FORMATS[dtype], xBits);
  if (x.kind === 'nan') return 'NaN';
  if (x.kind === 'inf' || x.negative || x.significand === 0n || compareWithInteger(x, 6n) >= 0) return 0n;
  return decode(FORMATS[dtype], dyBits).kind === 'nan' ? 'NaN' : dyBits;
}

export const relu6IntegerOracle = (x: bigint): bigint => (x < 0n ? 0n : x > 6n ? 6n : x);

/** Unsigned bit patterns of a float array (16-, 32- or 64-bit elements), as bigints. */
export function patternsOf(array: ArrayBufferView & { length: number }): bigint[] {
  const { buffer, byteOffset, length } = array;
  switch (array.byteLength / length) {
    case 2:
      return Array.from(new Uint16Array(buffer, byteOffset, length), BigInt);
    case 4:
      return Array.from(new Uint32Array(buffer, byteOffset, length), BigInt);
    default:
      return Array.from(new BigUint64Array(buffer, byteOffset, length));
  }
}

/**
 * Where `actual` differs from what `oracle` gives for each input pattern (any NaN matching
 * 'NaN'): at most `limit` descriptions, empty when they agree.
 */
export function oracleMismatches(
  dtype: FloatDType,
  inputs: readonly bigint[],
  actual: readonly bigint[],
  oracle: (bits: bigint, index: number) => bigint | 'NaN',
  limit = 10,
): string[] {
  const hex = (b: bigint) => `0x${b.toString(16)}`;
  const wrong: string[] = [];
  if (inputs.length !== actual.length) return [`length ${actual.length}, expected ${inputs.length}`];
  for (let i = 0; i < inputs.length && wrong.length < limit; i++) {
    const want = oracle(inputs[i]!, i);
    const got = actual[i]!;
    const ok = want === 'NaN' ? decode(FORMATS[dtype], got).kind === 'nan' : got === want;
    if (!ok) wrong.push(`${hex(inputs[i]!)} -> ${hex(got)}, expected ${want === 'NaN' ? 'NaN' : hex(want)}`);
  }
  return wrong;
}
