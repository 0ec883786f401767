import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * int64 ReLU on pairs of int32 words: BigInt arithmetic allocates, word masks do not. The sign
 * of an int64 is the sign of its high word.
 */
export function reluInt64Words(src: Int32Array, dst: Int32Array): void {
  const n = src.length;
  for (let i = 0; i < n; i += 2) {
    const keep = ~(src[i + HIGH_WORD]! >> 31);
    dst[i + HIGH_WORD] = src[i + HIGH_WORD]! & keep;
    dst[i + LOW_WORD] = src[i + LOW_WORD]! & keep;
  }
}
