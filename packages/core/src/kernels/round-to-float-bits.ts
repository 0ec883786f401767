import { HIGH_WORD } from './word-order.js';

const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_I32 = new Int32Array(SCRATCH_F64.buffer);

/**
 * Rounds a JS number (a double) to the nearest value of a binary floating-point format with
 * `exponentBits` and `fractionBits` (float16: 5, 10; bfloat16: 8, 7), ties to even, with gradual
 * underflow and overflow to infinity, and returns its bit pattern. One rounding from the double:
 * never through float32 first, which would round twice (SPEC.md, leakyRelu: the 16-bit trap).
 * A NaN gives the format's positive quiet NaN.
 */
export function roundToFloatBits(value: number, exponentBits: number, fractionBits: number): number {
  const signBit = 1 << (exponentBits + fractionBits);
  const bias = (1 << (exponentBits - 1)) - 1;
  const maxExponent = (1 << exponentBits) - 1;
  const infinity = maxExponent << fractionBits;
  if (value !== value) return infinity | (1 << (fractionBits - 1));
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const magnitude = Math.abs(value);
  if (magnitude === Infinity) return sign | infinity;
  // The unbiased exponent from the double's own bits (a double subnormal reads as -1023, far
  // below every 16-bit format's range, and is clamped like any other underflow).
  SCRATCH_F64[0] = magnitude;
  const minNormalExponent = 1 - bias;
  const exponent = Math.max(((SCRATCH_I32[HIGH_WORD]! >>> 20) & 0x7ff) - 1023, minNormalExponent);
  // magnitude < 2^(exponent + 1), so `scaled` < 2^(fractionBits + 1): scaling by a power of two
  // and splitting off the integer part are both exact, and the comparison rounds once.
  const scaled = magnitude * 2 ** (fractionBits - exponent);
  let significand = Math.floor(scaled);
  const rest = scaled - significand;
  if (rest > 0.5 || (rest === 0.5 && (significand & 1) === 1)) significand++;
  const hidden = 1 << fractionBits;
  if (significand < hidden) return sign | significand; // subnormal or zero
  let biased = exponent + bias;
  if (significand === 2 * hidden) {
    significand = hidden;
    biased++;
  }
  if (biased >= maxExponent) return sign | infinity;
  return sign | (biased << fractionBits) | (significand - hidden);
}
