import { type HalfFormat, halfMagnitude } from './half-formats.js';
import { roundToFloatBits } from './round-to-float-bits.js';

/**
 * Leaky ReLU gradient on 16-bit float bits; the rule of leaky-relu-backward-float32.ts, with
 * alpha * dy rounded once from the exact double product (leaky-relu-float16-bits.ts).
 */
export function leakyReluBackwardFloat16Bits(format: HalfFormat, alpha: number, x: Uint16Array, dy: Uint16Array, dx: Uint16Array): void {
  const a = Math.fround(alpha);
  const { infinity, exponentBits, fractionBits } = format;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    const g = dy[i]!;
    if ((v & 0x7fff) > infinity) dx[i] = v;
    else if (v > 0 && v < 0x8000) dx[i] = g;
    else dx[i] = roundToFloatBits(a * halfValue(format, g), exponentBits, fractionBits);
  }
}

function halfValue(format: HalfFormat, bits: number): number {
  const magnitudeBits = bits & 0x7fff;
  const magnitude = magnitudeBits > format.infinity ? NaN : magnitudeBits === format.infinity ? Infinity : halfMagnitude(format, bits);
  return bits & 0x8000 ? -magnitude : magnitude;
}
