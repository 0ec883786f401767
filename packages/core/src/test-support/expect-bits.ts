import { type DType, type ReluTypedArray, arrayBits, isNaNBits } from '../index.js';

/**
 * Asserts an array holds exactly the expected bits, where an expected 'NaN' accepts any NaN of
 * the dtype. Reports every differing index with hex bits, not just the first.
 */
export function expectBits(dtype: DType, actual: ReluTypedArray, expected: readonly string[], inputs?: readonly string[]): void {
  const got = arrayBits(dtype, actual);
  const wrong: string[] = [];
  expected.forEach((want, i) => {
    const ok = want === 'NaN' ? isNaNBits(dtype, got[i]!) : got[i] === want;
    if (!ok) wrong.push(`[${i}]${inputs ? ` input ${inputs[i]}` : ''}: expected ${want}, got ${got[i]}`);
  });
  if (got.length !== expected.length) wrong.push(`length: expected ${expected.length}, got ${got.length}`);
  if (wrong.length > 0) throw new Error(`${dtype}: ${wrong.length} element(s) differ:\n${wrong.slice(0, 20).join('\n')}`);
}
