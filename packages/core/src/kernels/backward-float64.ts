import { HIGH_WORD, LOW_WORD } from './word-order.js';

/** float64 ReLU gradient on pairs of int32 words; the rule of backward-float32.ts. */
export function reluBackwardFloat64Words(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i += 2) {
    const hi = x[i + HIGH_WORD]!;
    const lo = x[i + LOW_WORD]!;
    const absHi = hi & 0x7fffffff;
    if (absHi > 0x7ff00000 || (absHi === 0x7ff00000 && lo !== 0)) {
      dx[i + HIGH_WORD] = hi;
      dx[i + LOW_WORD] = lo;
    } else if (hi >= 0 && (hi | lo) !== 0) {
      dx[i + HIGH_WORD] = dy[i + HIGH_WORD]!;
      dx[i + LOW_WORD] = dy[i + LOW_WORD]!;
    } else {
      dx[i + HIGH_WORD] = 0;
      dx[i + LOW_WORD] = 0;
    }
  }
}
