import { bias, floatFormat, hex, topWordBits } from '../float-formats.js';
import type { FloatFormat } from '../float-formats.js';

const ALPHA = floatFormat('float32');

/** One dtype's leaky_relu_<dtype>: decode x, special cases, then the shared rounding product. */
function leakyFunction(dtype: 'float32' | 'float16' | 'bfloat16'): string {
  const f: FloatFormat = floatFormat(dtype);
  const { infinity, sign } = topWordBits(f);
  const quietNaN = infinity | (1 << (f.fractionBits - 1));
  const signShift = 32 - f.width;
  return /* wgsl */ `
fn leaky_relu_${dtype}(x: u32, alpha: u32) -> u32 {
  let result_sign = ((alpha >> ${signShift}u) & ${hex(sign)}) ^ ${hex(sign)};
  let alpha_magnitude = alpha & 0x7fffffffu;
  // Selects, not branches: every case is computed and the right one kept (SIMD GPUs and
  // SwiftShader run both sides of a divergent branch anyway, and pay for the control flow).
  var y = result_sign | relu_scaled_magnitude(max(alpha_magnitude, 1u), x & ${hex(sign - 1)}, ${f.fractionBits}u, ${bias(f)}i, ${hex(infinity)});
  y = select(y, result_sign, alpha_magnitude == 0u);
  let infinite = x == ${hex(sign | infinity)} || alpha_magnitude == 0x7f800000u;
  y = select(y, select(result_sign | ${hex(infinity)}, ${hex(quietNaN)}, alpha_magnitude == 0u), infinite);
  y = select(y, ${hex(quietNaN)}, alpha_magnitude > 0x7f800000u);
  // Only negative numbers change: -0 and NaNs (whose patterns lie outside this range) are kept.
  return select(x, y, x > ${hex(sign)} && x <= ${hex(sign | infinity)});
}`;
}

/**
 * SPEC.md's leaky ReLU on one element's bit pattern, for float32, float16 and bfloat16:
 * `fn leaky_relu_<dtype>(x: u32, alpha: u32) -> u32` with x as in WGSL_RELU (16-bit elements in the
 * low bits) and alpha the bits of a float32. x < 0 gives alpha * x rounded once to x's format
 * (round to nearest, ties to even, of the exact product; subnormal results kept; overflow to
 * infinity); every other x (+0, -0, positives, +Inf, NaN) is returned as it is; -Inf gives
 * -Inf for alpha > 0, +Inf for alpha < 0 and a NaN for alpha = 0.
 *
 * Computed in integer arithmetic only: the significands are aligned to bit 31 and multiplied in
 * 16-bit limbs, so no partial product overflows a u32 and no float rounding, flush-to-zero or
 * fast-math rule of the GPU can change a bit. `relu_wide_product`, `relu_unpack` and
 * `relu_scaled_magnitude` are helpers the functions share.
 */
export const WGSL_LEAKY_RELU = /* wgsl */ `
// The 64-bit product of two u32 as vec2(low, high), from 16-bit limbs: each partial product fits a u32.
fn relu_wide_product(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let middle = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>((p00 & 0xffffu) | (middle << 16u), a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (middle >> 16u));
}

// A finite non-zero magnitude as its significand with the leading 1 moved to bit 31, and that bit's exponent.
struct ReluUnpacked {
  significand: u32,
  exponent: i32,
}
fn relu_unpack(magnitude: u32, fraction_bits: u32, bias: i32) -> ReluUnpacked {
  let field = i32(magnitude >> fraction_bits);
  let fraction = magnitude & ((1u << fraction_bits) - 1u);
  let significand = select(fraction, fraction | (1u << fraction_bits), field != 0i) << (31u - fraction_bits);
  let leading_zeros = countLeadingZeros(significand); // 0 unless subnormal
  return ReluUnpacked(significand << leading_zeros, max(field, 1i) - bias - i32(leading_zeros));
}

// |alpha * x| for finite non-zero magnitudes (alpha a float32, x of the format given), rounded once
// to x's format: nearest, ties to even; below the smallest normal fewer bits are kept (subnormal);
// at or beyond the largest exponent, infinity.
fn relu_scaled_magnitude(alpha: u32, x: u32, fraction_bits: u32, bias: i32, infinity: u32) -> u32 {
  let a = relu_unpack(alpha, ${ALPHA.fractionBits}u, ${bias(ALPHA)}i);
  let b = relu_unpack(x, fraction_bits, bias);
  let wide = relu_wide_product(a.significand, b.significand); // in [2^62, 2^64)
  // Normalise to bit 63: shift left once when the product is below 2^63.
  let low_half = wide.y < 0x80000000u;
  let product = select(wide, vec2<u32>(wide.x << 1u, (wide.y << 1u) | (wide.x >> 31u)), low_half);
  let exponent = a.exponent + b.exponent + select(1i, 0i, low_half); // of the product's bit 63
  // Keep fraction_bits + 1 bits of the high word, fewer below the normal range; past 32 bits
  // (below half the smallest subnormal) nothing is kept and the result is zero.
  let shift = min(31u - fraction_bits + u32(max(1i - bias - exponent, 0i)), 33u);
  let kept = select(product.y >> (shift & 31u), 0u, shift >= 32u);
  let half = select(1u << ((shift - 1u) & 31u), 0u, shift > 32u);
  let sticky = (product.y & (half - 1u)) != 0u || product.x != 0u || shift > 32u;
  let round_up = (product.y & half) != 0u && (sticky || (kept & 1u) != 0u);
  let field = select(exponent + bias, 1i, exponent < 1i - bias); // 1: the subnormal encoding below
  // A carry out of the significand moves into the exponent field, as the encoding intends.
  let bits = min((u32(clamp(field, 1i, 255i) - 1i) << fraction_bits) + kept + select(0u, 1u, round_up), infinity);
  return select(bits, infinity, field >= i32(infinity >> fraction_bits));
}
${leakyFunction('float32')}
${leakyFunction('float16')}
${leakyFunction('bfloat16')}
`;
