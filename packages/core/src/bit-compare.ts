import { BYTES_PER_ELEMENT, type DType, type ReluTypedArray, allocate } from './dtype.js';
import { elementBits } from './bits.js';
import { HIGH_WORD, LOW_WORD } from './kernels/word-order.js';

/**
 * Bit-level comparison and random bit patterns: the one copy every package's tests, the
 * conformance suite and the bench use.
 */

/** Unsigned views of an array's bits: 8/16/32-bit elements one word each, 64-bit elements two uint32 words. */
export type WordView = Uint8Array | Uint16Array | Uint32Array;

export function wordsOf(array: ArrayBufferView): WordView {
  const { buffer, byteOffset, byteLength } = array;
  switch ((array as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT) {
    case 1:
      return new Uint8Array(buffer, byteOffset, byteLength);
    case 2:
      return new Uint16Array(buffer, byteOffset, byteLength >> 1);
    default:
      return new Uint32Array(buffer, byteOffset, byteLength >> 2);
  }
}

/** Words per element in wordsOf's view: 2 for the 64-bit dtypes, 1 otherwise. */
export function wordsPerElement(dtype: DType): number {
  return BYTES_PER_ELEMENT[dtype] === 8 ? 2 : 1;
}

/** True when element `index` (in wordsOf's view) is a NaN of the dtype; integers never are. */
export function isNaNWord(dtype: DType, words: WordView, index: number): boolean {
  switch (dtype) {
    case 'float32':
      return (words[index]! & 0x7fffffff) > 0x7f800000;
    case 'float16':
      return (words[index]! & 0x7fff) > 0x7c00;
    case 'bfloat16':
      return (words[index]! & 0x7fff) > 0x7f80;
    case 'float64': {
      const high = words[2 * index + HIGH_WORD]! & 0x7fffffff;
      return high > 0x7ff00000 || (high === 0x7ff00000 && words[2 * index + LOW_WORD] !== 0);
    }
    default:
      return false;
  }
}

/** Same bits at element `index` of two word views, any NaN matching any NaN. */
export function sameBitsAt(dtype: DType, a: WordView, b: WordView, index: number): boolean {
  const w = wordsPerElement(dtype);
  let same = true;
  for (let k = 0; k < w; k++) if (a[index * w + k] !== b[index * w + k]) same = false;
  return same || (isNaNWord(dtype, a, index) && isNaNWord(dtype, b, index));
}

export interface BitMismatch {
  readonly index: number;
  /** elementBits of each side ('0x...' for floats, decimal for integers). */
  readonly expected: string;
  readonly actual: string;
}

/**
 * The elements where `actual` differs from `expected` (any NaN matching any NaN), at most
 * `limit` of them; empty when they agree bit for bit. A length difference is a RangeError.
 */
export function bitMismatches(dtype: DType, expected: ReluTypedArray, actual: ReluTypedArray, limit = 10): BitMismatch[] {
  if (expected.length !== actual.length) {
    throw new RangeError(`bitMismatches: actual has ${actual.length} elements, expected ${expected.length}`);
  }
  const e = wordsOf(expected);
  const a = wordsOf(actual);
  const found: BitMismatch[] = [];
  for (let i = 0; i < expected.length && found.length < limit; i++) {
    if (!sameBitsAt(dtype, e, a, i)) found.push({ index: i, expected: elementBits(dtype, expected, i), actual: elementBits(dtype, actual, i) });
  }
  return found;
}

/**
 * A new array of `length` elements of `dtype` whose bits come from `random` (uint32 values, for
 * example prng(seed)): every pattern equally likely, so NaNs, subnormals, infinities and both
 * zeros all occur.
 */
export function randomBits<D extends DType>(dtype: D, length: number, random: () => number): ReturnType<typeof allocate<D>> {
  const array = allocate(dtype, length);
  const bytes = new Uint8Array((array as ReluTypedArray).buffer);
  const words = new Uint32Array(bytes.buffer, 0, bytes.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = random();
  for (let i = words.byteLength; i < bytes.length; i++) bytes[i] = random() & 0xff;
  return array;
}

/** Every bit pattern of an 8- or 16-bit dtype once, in unsigned order. */
export function everyPattern<D extends DType>(dtype: D): ReturnType<typeof allocate<D>> {
  const width = BYTES_PER_ELEMENT[dtype];
  if (width > 2) throw new RangeError(`everyPattern: dtype '${dtype}' has 2^${8 * width} patterns; only 8- and 16-bit dtypes are enumerable`);
  const count = width === 1 ? 256 : 65536;
  const array = allocate(dtype, count);
  const bits = width === 1 ? new Uint8Array((array as ReluTypedArray).buffer) : new Uint16Array((array as ReluTypedArray).buffer);
  for (let i = 0; i < count; i++) bits[i] = i;
  return array;
}

export { HIGH_WORD, LOW_WORD };
