import { type DType, type ReluTypedArray, arrayFromBits, bitMismatches, elementBits } from '@relu/core';
import { expect } from 'vitest';

/** A NaN of each floating dtype, for expected values written as the word 'NaN' (any NaN matches any NaN). */
const SOME_NAN: Readonly<Partial<Record<DType, string>>> = { float32: '0x7fc00000', float64: '0x7ff8000000000000', float16: '0x7e00', bfloat16: '0x7fc0' };

/**
 * Expects `actual` to hold `expected` bit for bit, through @relu/core's bitMismatches (any NaN
 * matches any NaN); `expected` may be bits as strings, 'NaN' for any NaN. Reports the first
 * differing elements with their index and input.
 */
export function expectSameBits(dtype: DType, actual: ReluTypedArray, expected: ReluTypedArray | readonly string[], input?: ReluTypedArray | readonly string[]): void {
  const want = Array.isArray(expected) ? arrayFromBits(dtype, (expected as readonly string[]).map((bits) => (bits === 'NaN' ? SOME_NAN[dtype]! : bits))) : (expected as ReluTypedArray);
  expect(actual.length, `${dtype}: length`).toBe(want.length);
  const differences = bitMismatches(dtype, want, actual, 5).map((m) => {
    const x = input === undefined ? '' : ` input ${Array.isArray(input) ? input[m.index] : elementBits(dtype, input as ReluTypedArray, m.index)}`;
    return `[${m.index}]${x}: got ${m.actual}, expected ${m.expected}`;
  });
  expect(differences, `${dtype}: elements differ`).toEqual([]);
}

/** The options a 16-bit float dtype needs with a Uint16Array. */
export function dtypeOptions(dtype: DType): { dtype: DType } | undefined {
  return dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : undefined;
}
