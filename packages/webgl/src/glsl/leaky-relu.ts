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
  // Only negative numbers change: -0 and NaNs (whose patterns lie outside this range) are kept.
  if (x <= ${hex(sign)} || x > ${hex(sign | infinity)}) return x;
  uint result_sign = ((alpha >> ${32 - f.width}u) & ${hex(sign)}) ^ ${hex(sign)};
  uint alpha_magnitude = alpha & 0x7fffffffu;
  if (alpha_magnitude > 0x7f800000u) return ${hex(quietNaN)};
  if (x == ${hex(sign | infinity)} || alpha_magnitude == 0x7f800000u) return alpha_magnitude == 0u ? ${hex(quietNaN)} : (result_sign | ${hex(infinity)});
  if (alpha_magnitude == 0u) return result_sign;
  return result_sign | relu_scaled_magnitude(alpha_magnitude, x & ${hex(sign - 1)}, ${f.fractionBits}u, ${bias(f)}, ${hex(infinity)});
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

// Leading zero bits of a non-zero uint.
uint relu_leading_zeros(uint x) {
  uint n = 0u;
  if ((x & 0xffff0000u) == 0u) { n += 16u; x <<= 16u; }
  if ((x & 0xff000000u) == 0u) { n += 8u; x <<= 8u; }
  if ((x & 0xf0000000u) == 0u) { n += 4u; x <<= 4u; }
  if ((x & 0xc0000000u) == 0u) { n += 2u; x <<= 2u; }
  if ((x & 0x80000000u) == 0u) { n += 1u; }
  return n;
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
  uvec2 product = relu_wide_product(a, b); // in [2^62, 2^64)
  int exponent = alpha_exponent + x_exponent + 1; // of the product's bit 63
  if (product.y < 0x80000000u) {
    product = uvec2(product.x << 1u, (product.y << 1u) | (product.x >> 31u));
    exponent -= 1;
  }
  // Keep fraction_bits + 1 bits of the high word, fewer below the normal range.
  uint shift = 31u - fraction_bits + uint(max(1 - bias - exponent, 0));
  if (shift > 32u) return 0u; // below half the smallest subnormal
  uint kept = shift == 32u ? 0u : product.y >> shift;
  uint half_bit = 1u << (shift - 1u);
  bool sticky = (product.y & (half_bit - 1u)) != 0u || product.x != 0u;
  bool round_up = (product.y & half_bit) != 0u && (sticky || (kept & 1u) != 0u);
  int field = exponent < 1 - bias ? 1 : exponent + bias; // 1: the subnormal encoding below
  if (field >= int(infinity >> fraction_bits)) return infinity;
  // A carry out of the significand moves into the exponent field, as the encoding intends.
  return min((uint(field - 1) << fraction_bits) + kept + (round_up ? 1u : 0u), infinity);
}
${leakyFunction('float32')}
${leakyFunction('float16')}
${leakyFunction('bfloat16')}
`;
