import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * float64 leaky ReLU (SPEC.md section 3) with alpha the caller's double: the method of
 * leaky-relu-float32.ts (why a non-NaN element may pass through a number, and why a NaN may not),
 * the product of two doubles being the one IEEE rounding. NaNs are copied as their two words.
 */
const FACTOR = new Float64Array(2);

const UNROLL_FROM = 128;

export function leakyReluFloat64(alpha: number, src: Float64Array, dst: Float64Array, srcWords: Int32Array, dstWords: Int32Array): void {
  const factor = FACTOR;
  factor[0] = 1;
  factor[1] = alpha;
  if (src.length < UNROLL_FROM) leakyRange(factor, src, dst, srcWords, dstWords, 0, src.length);
  else leakyUnrolled(factor, src, dst, srcWords, dstWords);
}

function leakyRange(factor: Float64Array, src: Float64Array, dst: Float64Array, srcWords: Int32Array, dstWords: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const x = src[i]!;
    if (x !== x) {
      dstWords[2 * i + HIGH_WORD] = srcWords[2 * i + HIGH_WORD]!;
      dstWords[2 * i + LOW_WORD] = srcWords[2 * i + LOW_WORD]!;
    } else dst[i] = x * factor[+(x < 0)]!;
  }
}

function leakyUnrolled(factor: Float64Array, src: Float64Array, dst: Float64Array, srcWords: Int32Array, dstWords: Int32Array): void {
  const n = src.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = src[i]!;
    const x1 = src[i + 1]!;
    const x2 = src[i + 2]!;
    const x3 = src[i + 3]!;
    // As in leaky-relu-float32.ts: 0 exactly when no element is a NaN or an infinity.
    if (x0 - x0 + (x1 - x1) + (x2 - x2) + (x3 - x3) !== 0) {
      leakyRange(factor, src, dst, srcWords, dstWords, i, i + 4);
      continue;
    }
    dst[i] = x0 * factor[+(x0 < 0)]!;
    dst[i + 1] = x1 * factor[+(x1 < 0)]!;
    dst[i + 2] = x2 * factor[+(x2 < 0)]!;
    dst[i + 3] = x3 * factor[+(x3 < 0)]!;
  }
  leakyRange(factor, src, dst, srcWords, dstWords, i, n);
}
