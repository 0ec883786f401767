import { HIGH_WORD, LOW_WORD } from './word-order.js';

/** float64 ReLU6 gradient on pairs of int32 words, branch-free; the rule and method of relu6-backward-float32.ts. */
const SIX_HIGH = 0x40180000;

export function relu6BackwardFloat64Words(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i += 2) {
    const h = i + HIGH_WORD;
    const l = i + LOW_WORD;
    const hi = x[h]!;
    const lo = x[l]!;
    const nonzeroLow = (lo | -lo) >>> 31;
    // hi | nonzeroLow is positive exactly for x > 0 (a zero high word with a non-zero low word is a subnormal).
    const inside = (-(hi | nonzeroLow) & ((hi - SIX_HIGH) | 0)) >> 31;
    const magnitudeHi = hi & 0x7fffffff;
    const nan = ((0x7ff00000 - magnitudeHi - nonzeroLow) | 0) >> 31;
    dx[h] = (dy[h]! & inside) | (hi & nan);
    dx[l] = (dy[l]! & inside) | (lo & nan);
  }
}
