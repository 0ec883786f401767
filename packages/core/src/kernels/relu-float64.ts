import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * float64 ReLU on bit patterns held as pairs of int32 words, branch-free.
 *
 * An element becomes +0 exactly when its high word is negative and it is not a NaN. A negative
 * high word above 0xfff00000 (int32 -1048576) is a NaN; at exactly 0xfff00000 it is -Inf when
 * the low word is 0 and a NaN otherwise. `nonzeroLow` (0 or 1) shifts that boundary by one; as
 * in the float32 kernel, `hi & (hi + ...)` has its sign bit set only for negative `hi` below it.
 */
function keepMask(hi: number, lo: number): number {
  const nonzeroLow = (lo | -lo) >>> 31;
  return ~((hi & ((hi + 1048575 + nonzeroLow) | 0)) >> 31);
}

export function reluFloat64Words(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i += 2) {
    const hi = src[i + HIGH_WORD]!;
    const lo = src[i + LOW_WORD]!;
    const keep = keepMask(hi, lo);
    dst[i + HIGH_WORD] = hi & keep;
    dst[i + LOW_WORD] = lo & keep;
  }
}
