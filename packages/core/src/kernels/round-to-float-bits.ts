/**
 * Rounds a JS number (a double) to the nearest value of a binary floating-point format with
 * `exponentBits` and `fractionBits` (float16: 5, 10; bfloat16: 8, 7), ties to even, with gradual
 * underflow and overflow to infinity, and returns its bit pattern. One rounding from the double:
 * never through float32 first, which would round twice.
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
  const minNormalExponent = 1 - bias;
  let exponent = minNormalExponent;
  if (magnitude >= 2 ** minNormalExponent) {
    // Math.log2 may be off by one near powers of two; the comparisons with exact powers fix it.
    exponent = Math.floor(Math.log2(magnitude));
    while (2 ** exponent > magnitude) exponent--;
    while (2 ** (exponent + 1) <= magnitude) exponent++;
  }
  // Scaling by a power of two is exact, and so is splitting off the integer part.
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
