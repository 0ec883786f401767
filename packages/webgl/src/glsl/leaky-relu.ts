import { type FloatFormat, exponentBias as bias, floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

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
 * float64: the caller's double alpha (SPEC.md) times x, two 64-bit significands multiplied into
 * 128 bits from four 32 x 32-bit wide products, rounded once to 53 bits.
 */
const LEAKY_FLOAT64 = /* glsl */ `
// a + b + carry_in as (sum, carry_out).
uvec2 relu_add_carry(uint a, uint b, uint carry_in) {
  uint sum = a + b;
  uint total = sum + carry_in;
  return uvec2(total, (sum < a ? 1u : 0u) + (total < sum ? 1u : 0u));
}

// A 64-bit value (low, high) shifted left by 0..63.
uvec2 relu_shift_left64(uvec2 v, uint s) {
  uint t = s & 31u;
  uint carried = t == 0u ? 0u : v.x >> ((32u - t) & 31u);
  return s >= 32u ? uvec2(0u, v.x << t) : uvec2(v.x << t, (v.y << t) | carried);
}

// A 64-bit value (low, high) shifted right by 0..63.
uvec2 relu_shift_right64(uvec2 v, uint s) {
  uint t = s & 31u;
  uint carried = t == 0u ? 0u : v.y << ((32u - t) & 31u);
  return s >= 32u ? uvec2(v.y >> t, 0u) : uvec2((v.x >> t) | carried, v.y >> t);
}

// A finite non-zero float64 magnitude (low, high) as its significand with the leading 1 at bit 63, and that bit's exponent.
void relu_unpack64(uvec2 magnitude, out uvec2 significand, out int exponent) {
  int field = int(magnitude.y >> 20u);
  uint top = field != 0 ? (magnitude.y & 0xfffffu) | 0x100000u : magnitude.y & 0xfffffu;
  uvec2 aligned = uvec2(magnitude.x << 11u, (top << 11u) | (magnitude.x >> 21u));
  uint leading_zeros = aligned.y == 0u ? 32u + relu_leading_zeros(aligned.x) : relu_leading_zeros(aligned.y);
  significand = relu_shift_left64(aligned, leading_zeros);
  exponent = max(field, 1) - 1023 - int(leading_zeros);
}

// |alpha * x| for finite non-zero float64 magnitudes, rounded once: nearest, ties to even;
// subnormal below the normal range; infinity at or beyond the largest exponent.
uvec2 relu_scaled_magnitude64(uvec2 alpha, uvec2 x) {
  uvec2 a;
  int alpha_exponent;
  relu_unpack64(alpha, a, alpha_exponent);
  uvec2 b;
  int x_exponent;
  relu_unpack64(x, b, x_exponent);
  uvec2 p00 = relu_wide_product(a.x, b.x);
  uvec2 p01 = relu_wide_product(a.x, b.y);
  uvec2 p10 = relu_wide_product(a.y, b.x);
  uvec2 p11 = relu_wide_product(a.y, b.y);
  // The 128-bit product as words w0 (lowest) .. w3, in [2^126, 2^128).
  uvec2 s1 = relu_add_carry(p00.y, p01.x, 0u);
  uvec2 w1 = relu_add_carry(s1.x, p10.x, 0u);
  uvec2 s2 = relu_add_carry(p11.x, p01.y, s1.y);
  uvec2 w2 = relu_add_carry(s2.x, p10.y, w1.y);
  uint w3 = p11.y + s2.y + w2.y;
  // Normalise to bit 127: shift left once when the product is below 2^127.
  bool low_half = w3 < 0x80000000u;
  uvec2 top = low_half ? uvec2((w2.x << 1u) | (w1.x >> 31u), (w3 << 1u) | (w2.x >> 31u)) : uvec2(w2.x, w3);
  uint rest = low_half ? (w1.x << 1u) | p00.x : w1.x | p00.x;
  int exponent = alpha_exponent + x_exponent + (low_half ? 0 : 1); // of the product's bit 127
  // Keep 53 bits of the top 64, fewer below the normal range; past 64 bits nothing is kept.
  uint shift = min(11u + uint(max(-1022 - exponent, 0)), 65u);
  uvec2 kept = shift >= 64u ? uvec2(0u) : relu_shift_right64(top, shift & 63u);
  uint r = shift - 1u; // the round bit's position in top
  uint round_bit = shift > 64u ? 0u : (r >= 32u ? (top.y >> (r & 31u)) & 1u : (top.x >> (r & 31u)) & 1u);
  uint below = shift > 64u ? 1u : (r >= 32u ? top.x | (top.y & ((1u << (r & 31u)) - 1u)) : top.x & ((1u << (r & 31u)) - 1u));
  bool sticky = below != 0u || rest != 0u;
  bool round_up = round_bit != 0u && (sticky || (kept.x & 1u) != 0u);
  int field = exponent < -1022 ? 1 : exponent + 1023; // 1: the subnormal encoding below
  // (field - 1) << 52 plus kept plus the rounding; a carry out of the significand moves into the exponent field.
  uvec2 low = relu_add_carry(kept.x, round_up ? 1u : 0u, 0u);
  uint high = (uint(clamp(field, 1, 2047) - 1) << 20u) + kept.y + low.y;
  return (field >= 2047 || high >= 0x7ff00000u) ? uvec2(0u, 0x7ff00000u) : uvec2(low.x, high);
}

uvec2 leaky_relu_float64(uvec2 x, uvec2 alpha) {
  uint result_sign = (alpha.y & 0x80000000u) ^ 0x80000000u;
  uvec2 alpha_magnitude = uvec2(alpha.x, alpha.y & 0x7fffffffu);
  bool alpha_zero = alpha_magnitude.y == 0u && alpha_magnitude.x == 0u;
  bool alpha_infinite = alpha_magnitude.y == 0x7ff00000u && alpha_magnitude.x == 0u;
  bool alpha_nan = alpha_magnitude.y > 0x7ff00000u || (alpha_magnitude.y == 0x7ff00000u && alpha_magnitude.x != 0u);
  bool x_infinite = x.y == 0xfff00000u && x.x == 0u;
  uvec2 x_magnitude = uvec2(x.x, x.y & 0x7fffffffu);
  uvec2 scaled = relu_scaled_magnitude64(alpha_zero ? uvec2(1u, 0u) : alpha_magnitude, (x_magnitude.x | x_magnitude.y) == 0u ? uvec2(1u, 0u) : x_magnitude);
  uvec2 y = uvec2(scaled.x, scaled.y | result_sign);
  y = alpha_zero ? uvec2(0u, result_sign) : y;
  y = (x_infinite || alpha_infinite) ? (alpha_zero ? uvec2(0u, 0x7ff80000u) : uvec2(0u, result_sign | 0x7ff00000u)) : y;
  y = alpha_nan ? uvec2(0u, 0x7ff80000u) : y;
  // Only negative numbers change: above -0 (0x80000000 00000000) and at most -Inf (0xfff00000 00000000).
  bool negative = (x.y > 0x80000000u || (x.y == 0x80000000u && x.x != 0u)) && (x.y < 0xfff00000u || x_infinite);
  return negative ? y : x;
}
`;

/**
 * SPEC.md's leaky ReLU on one element's bit pattern, for every float dtype:
 * `uint leaky_relu_<dtype>(uint x, uint alpha)` for float32, float16 and bfloat16, with x as in
 * GLSL_RELU (16-bit elements in the low bits) and alpha the bits of a float32 (ONNX's float
 * attribute), and `uvec2 leaky_relu_float64(uvec2 x, uvec2 alpha)` with x and alpha (low, high)
 * float64 bits (SPEC.md: the caller's double). x < 0 gives alpha * x rounded once to x's format (round
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
${LEAKY_FLOAT64}`;
