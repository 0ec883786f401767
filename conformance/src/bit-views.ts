import type { DType, ReluTypedArray } from '@relu/core';

/**
 * Unsigned views of an array's bits for word-wise comparison: 8/16/32-bit elements as one word
 * each, 64-bit elements as two uint32 words.
 */
export type WordView = Uint8Array | Uint16Array | Uint32Array;

export function wordsOf(array: ReluTypedArray): WordView {
  const { buffer, byteOffset, byteLength } = array;
  switch (array.BYTES_PER_ELEMENT) {
    case 1:
      return new Uint8Array(buffer, byteOffset, byteLength);
    case 2:
      return new Uint16Array(buffer, byteOffset, byteLength >> 1);
    default:
      return new Uint32Array(buffer, byteOffset, byteLength >> 2);
  }
}

/** Words per element: 2 for the 64-bit dtypes, 1 otherwise. */
export function wordsPerElement(dtype: DType): number {
  return dtype === 'float64' || dtype === 'int64' ? 2 : 1;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Offset of the high word of a 64-bit element within its pair of uint32 words. */
export const HIGH = LITTLE_ENDIAN ? 1 : 0;
export const LOW = 1 - HIGH;

/** Element `index`'s bits as an unsigned number (<= 32 bits) or bigint (64 bits). */
export function elementWord(dtype: DType, words: WordView, index: number): number | bigint {
  if (wordsPerElement(dtype) === 1) return words[index]!;
  return (BigInt(words[2 * index + HIGH]!) << 32n) | BigInt(words[2 * index + LOW]!);
}

/** True when the element's bits are a NaN of the dtype (integers never are). */
export function isNaNWord(dtype: DType, words: WordView, index: number): boolean {
  switch (dtype) {
    case 'float32':
      return (words[index]! & 0x7fffffff) > 0x7f800000;
    case 'float16':
      return (words[index]! & 0x7fff) > 0x7c00;
    case 'bfloat16':
      return (words[index]! & 0x7fff) > 0x7f80;
    case 'float64': {
      const high = words[2 * index + HIGH]! & 0x7fffffff;
      return high > 0x7ff00000 || (high === 0x7ff00000 && words[2 * index + LOW] !== 0);
    }
    default:
      return false;
  }
}
