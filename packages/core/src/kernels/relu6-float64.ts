import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * float64 ReLU6 on pairs of int32 words, branch-free; the method of relu6-float32.ts. `keep`
 * clears -0, negatives and -Inf as in relu-float64.ts. The clamp range is 6 (high word
 * 0x40180000, any low word) to +Inf (0x7ff00000, low word 0): high word at least SIX_HIGH and
 * hi + nonzeroLow at most 0x7ff00000, which leaves out every positive NaN.
 */
const SIX_HIGH = 0x40180000;

export function relu6Float64Words(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i += 2) {
    const hi = src[i + HIGH_WORD]!;
    const lo = src[i + LOW_WORD]!;
    const nonzeroLow = (lo | -lo) >>> 31;
    const keep = ~((hi & ((hi + 1048575 + nonzeroLow) | 0)) >> 31);
    const t = (((hi - SIX_HIGH) | 0) | ((0x7ff00000 - hi - nonzeroLow) | 0)) >> 31;
    dst[i + HIGH_WORD] = (((hi ^ SIX_HIGH) & t) ^ SIX_HIGH) & keep;
    dst[i + LOW_WORD] = lo & t & keep;
  }
}
