import { type DType, type ReluTypedArray, arrayBits, isNaNBits, prng } from '@relu/core';
import { expect } from 'vitest';

/** Deterministic pseudo-random numbers (mulberry32), so that a failure reproduces. */
export function randomGenerator(seed: number): () => number {
  const next = prng(seed);
  return () => next() / 4294967296;
}

/** Fills every byte of `array` with random bits: every pattern, NaNs and subnormals included, is likely. */
export function fillRandomBits(array: ReluTypedArray, random: () => number): void {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (random() * 256) | 0;
}

/**
 * Expects `actual` to hold `expected` bit for bit; an expected NaN (bits, or the word 'NaN')
 * matches any NaN. Reports the first differing elements with their index and input.
 */
export function expectSameBits(dtype: DType, actual: ReluTypedArray, expected: ReluTypedArray | readonly string[], input?: ReluTypedArray | readonly string[]): void {
  const actualBits = arrayBits(dtype, actual);
  const expectedBits = Array.isArray(expected) ? (expected as readonly string[]) : arrayBits(dtype, expected as ReluTypedArray);
  const inputBits = input === undefined ? undefined : Array.isArray(input) ? (input as readonly string[]) : arrayBits(dtype, input as ReluTypedArray);
  expect(actualBits.length).toBe(expectedBits.length);
  const differences: string[] = [];
  for (let i = 0; i < expectedBits.length && differences.length < 5; i++) {
    const want = expectedBits[i]!;
    const got = actualBits[i]!;
    const wantsNaN = want === 'NaN' || isNaNBits(dtype, want);
    if (wantsNaN ? !isNaNBits(dtype, got) : got !== want) {
      differences.push(`[${i}]${inputBits ? ` input ${inputBits[i]}` : ''}: got ${got}, expected ${want}`);
    }
  }
  expect(differences, `${dtype}: elements differ`).toEqual([]);
}

/** The options a 16-bit float dtype needs with a Uint16Array. */
export function dtypeOptions(dtype: DType): { dtype: DType } | undefined {
  return dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : undefined;
}
