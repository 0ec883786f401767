import { bias, floatFormat, hex, topWordBits } from '../float-formats.js';
import type { FloatFormat } from '../float-formats.js';

const ALPHA = floatFormat('float32');

/** One dtype's leaky_relu_<dtype>: decode x, special cases, then the shared rounding product. */
function leakyFunction(dtype: 'float32' | 'float16' | 'bfloat16'): string {
  const f: FloatFormat = floatFormat(dtype);
  const { infinity, sign } = topWordBits(f);
  const quietNaN = infinity | (1 << (f.fractionBits - 1));
  return /* glsl */ `
uint leaky_relu_${dtype}(uint x, uint alpha) {
  uint result_sign = ((alpha >> ${32 - f.width}u) & ${hex(sign)}) ^ ${hex(sign)};
  uint alpha_magnitude = alpha & 0x7fffffffu;
  // Selects, not branches: every case is computed and the right one kept (SIMD GPUs and
  // SwiftShader run both sides of a divergent branch anyway, and pay for the control flow).
  uint y = result_sign | relu_scaled_magnitude(max(alpha_magnitude, 1u), max(x & ${hex(sign - 1)}, 1u), ${f.fractionBits}u, ${bias(f)}, ${hex(infinity)});
  y = alpha_magnitude == 0u ? result_sign : y;
  bool infinite = x == ${hex(sign | infinity)} || alpha_magnitude == 0x7f800000u;
  y = infinite ? (alpha_magnitude == 0u ? ${hex(quietNaN)} : (result_sign | ${hex(infinity)})) : y;
  y = alpha_magnitude > 0x7f800000u ? ${hex(quietNaN)} : y;
  // Only negative numbers change: -0 and NaNs (whose patterns lie outside this range) are kept.
  return (x > ${hex(sign)} && x <= ${hex(sign | infinity)}) ? y : x;
}`;
}

/**
 * SPEC.md's leaky ReLU on one element's bit pattern, for float32, float16 and bfloat16:
 * `uint leaky_relu_<dtype>(uint x, uint alpha)` with x as in GLSL_RELU (16-bit elements in the low
 * bits) and alpha the bits of a float32. x < 0 gives alpha * x rounded once to x's format (round
 * to nearest, ties to even, of the exact product; subnormal results kept; overflow to infinity);
 * every other x (+0, -0, positives, +Inf, NaN) is returned as it is; -Inf gives -Inf for
 * alpha > 0, +Inf for alpha < 0 and a NaN for alpha = 0.
 *
 * Computed in integer arithmetic only (GLSL ES 3.00 has no findMSB, so leading zeros are counted
 * by halving): the significands are aligned to bit 31 and multiplied in 16-bit limbs, so no
 * partial product overflows a uint and no float rounding, flush-to-zero or relaxed precision of
 * the GPU can change a bit. `relu_wide_product`, `relu_leading_zeros`, `relu_unpack` and
 * `relu_scaled_magnitude` are helpers the functions share.
 */
export const GLSL_LEAKY_RELU = /* glsl */ `
// The 64-bit product of two uints as uvec2(low, high), from 16-bit limbs: each partial product fits a uint.
uvec2 relu_wide_product(uint a, uint b) {
  uint a0 = a & 0xffffu;
  uint a1 = a >> 16u;
  uint b0 = b & 0xffffu;
  uint b1 = b >> 16u;
  uint p00 = a0 * b0;
  uint p01 = a0 * b1;
  uint p10 = a1 * b0;
  uint middle = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return uvec2((p00 & 0xffffu) | (middle << 16u), a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (middle >> 16u));
}

// Leading zero bits of a non-zero uint, by halving (selects only).
uint relu_leading_zeros(uint x) {
  uint n = x <= 0xffffu ? 16u : 0u;
  x <<= n;
  uint s = x <= 0xffffffu ? 8u : 0u;
  n += s;
  x <<= s;
  s = x <= 0xfffffffu ? 4u : 0u;
  n += s;
  x <<= s;
  s = x <= 0x3fffffffu ? 2u : 0u;
  n += s;
  x <<= s;
  return n + (x <= 0x7fffffffu ? 1u : 0u);
}

// A finite non-zero magnitude as its significand with the leading 1 moved to bit 31, and that bit's exponent.
void relu_unpack(uint magnitude, uint fraction_bits, int bias, out uint significand, out int exponent) {
  int field = int(magnitude >> fraction_bits);
  uint fraction = magnitude & ((1u << fraction_bits) - 1u);
  uint aligned = (field != 0 ? fraction | (1u << fraction_bits) : fraction) << (31u - fraction_bits);
  uint leading_zeros = relu_leading_zeros(aligned); // 0 unless subnormal
  significand = aligned << leading_zeros;
  exponent = max(field, 1) - bias - int(leading_zeros);
}

// |alpha * x| for finite non-zero magnitudes (alpha a float32, x of the format given), rounded once
// to x's format: nearest, ties to even; below the smallest normal fewer bits are kept (subnormal);
// at or beyond the largest exponent, infinity.
uint relu_scaled_magnitude(uint alpha, uint x, uint fraction_bits, int bias, uint infinity) {
  uint a;
  int alpha_exponent;
  relu_unpack(alpha, ${ALPHA.fractionBits}u, ${bias(ALPHA)}, a, alpha_exponent);
  uint b;
  int x_exponent;
  relu_unpack(x, fraction_bits, bias, b, x_exponent);
  uvec2 wide = relu_wide_product(a, b); // in [2^62, 2^64)
  // Normalise to bit 63: shift left once when the product is below 2^63.
  bool low_half = wide.y < 0x80000000u;
  uvec2 product = low_half ? uvec2(wide.x << 1u, (wide.y << 1u) | (wide.x >> 31u)) : wide;
  int exponent = alpha_exponent + x_exponent + (low_half ? 0 : 1); // of the product's bit 63
  // Keep fraction_bits + 1 bits of the high word, fewer below the normal range; past 32 bits
  // (below half the smallest subnormal) nothing is kept and the result is zero.
  uint shift = min(31u - fraction_bits + uint(max(1 - bias - exponent, 0)), 33u);
  uint kept = shift >= 32u ? 0u : product.y >> (shift & 31u);
  uint half_bit = shift > 32u ? 0u : 1u << ((shift - 1u) & 31u);
  bool sticky = (product.y & (half_bit - 1u)) != 0u || product.x != 0u;
  bool round_up = (product.y & half_bit) != 0u && (sticky || (kept & 1u) != 0u);
  int field = exponent < 1 - bias ? 1 : exponent + bias; // 1: the subnormal encoding below
  // A carry out of the significand moves into the exponent field, as the encoding intends.
  uint bits = min((uint(clamp(field, 1, 255) - 1) << fraction_bits) + kept + (round_up ? 1u : 0u), infinity);
  return field >= int(infinity >> fraction_bits) ? infinity : bits;
}
${leakyFunction('float32')}
${leakyFunction('float16')}
${leakyFunction('bfloat16')}
`;
