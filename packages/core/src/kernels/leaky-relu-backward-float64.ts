import { HIGH_WORD, LOW_WORD } from './word-order.js';

/** float64 leaky ReLU gradient on numbers and words; the rule of leaky-relu-backward-float32.ts, alpha the caller's double. */
export function leakyReluBackwardFloat64(alpha: number, xWords: Int32Array, dy: Float64Array, dyWords: Int32Array, dx: Float64Array, dxWords: Int32Array): void {
  for (let i = 0, n = dy.length; i < n; i++) {
    const h = 2 * i + HIGH_WORD;
    const l = 2 * i + LOW_WORD;
    const hi = xWords[h]!;
    const lo = xWords[l]!;
    const magnitudeHi = hi & 0x7fffffff;
    if (magnitudeHi > 0x7ff00000 || (magnitudeHi === 0x7ff00000 && lo !== 0)) {
      dxWords[h] = hi;
      dxWords[l] = lo;
    } else if (hi > 0 || (hi === 0 && lo !== 0)) {
      dxWords[h] = dyWords[h]!;
      dxWords[l] = dyWords[l]!;
    } else dx[i] = alpha * dy[i]!;
  }
}
