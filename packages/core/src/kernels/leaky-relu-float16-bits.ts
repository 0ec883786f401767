import { type HalfFormat, halfMagnitude } from './half-formats.js';
import { roundToFloatBits } from './round-to-float-bits.js';

/**
 * Leaky ReLU on 16-bit float bits (SPEC.md section 3): every pattern outside [0x8001,
 * negativeInfinity] (+0, -0, positives, NaNs) is copied as bits; a negative number becomes
 * alpha * x rounded once to the format. alpha is a float32 (24 significant bits) and x has at most
 * 11, so their product is exact in a double and roundToFloatBits is the only rounding. Computing
 * it in float32 first, as `Math.fround(alpha * x)`, would round twice and can be one unit off.
 */
export function leakyReluFloat16Bits(format: HalfFormat, alpha: number, src: Uint16Array, dst: Uint16Array): void {
  const a = Math.fround(alpha);
  const { negativeInfinity, exponentBits, fractionBits } = format;
  const alphaTimesNegativeInfinity = roundToFloatBits(a * -Infinity, exponentBits, fractionBits);
  for (let i = 0, n = src.length; i < n; i++) {
    const v = src[i]!;
    if (v <= 0x8000 || v > negativeInfinity) dst[i] = v;
    else if (v === negativeInfinity) dst[i] = alphaTimesNegativeInfinity;
    else dst[i] = roundToFloatBits(-a * halfMagnitude(format, v), exponentBits, fractionBits);
  }
}
