import { type FloatFormat, exponentBias as bias, floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

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
 * float64: the caller's double alpha (SPEC.md) times x, two 64-bit significands multiplied into
 * 128 bits from four 32 x 32-bit wide products, rounded once to 53 bits.
 */
const LEAKY_FLOAT64 = /* wgsl */ `
// a + b + carry_in as (sum, carry_out), all u32.
fn relu_add_carry(a: u32, b: u32, carry_in: u32) -> vec2<u32> {
  let sum = a + b;
  let total = sum + carry_in;
  return vec2<u32>(total, select(0u, 1u, sum < a) + select(0u, 1u, total < sum));
}

// A 64-bit value (low, high) shifted left by 0..63.
fn relu_shift_left64(v: vec2<u32>, s: u32) -> vec2<u32> {
  let wide = s >= 32u;
  let t = s & 31u;
  let high = select((v.y << t) | select(v.x >> ((32u - t) & 31u), 0u, t == 0u), v.x << t, wide);
  return vec2<u32>(select(v.x << t, 0u, wide), high);
}

// A 64-bit value (low, high) shifted right by 0..63.
fn relu_shift_right64(v: vec2<u32>, s: u32) -> vec2<u32> {
  let wide = s >= 32u;
  let t = s & 31u;
  let low = select((v.x >> t) | select(v.y << ((32u - t) & 31u), 0u, t == 0u), v.y >> t, wide);
  return vec2<u32>(low, select(v.y >> t, 0u, wide));
}

// A finite non-zero float64 magnitude (low, high) as its significand with the leading 1 at bit 63, and that bit's exponent.
struct ReluUnpacked64 {
  significand: vec2<u32>,
  exponent: i32,
}
fn relu_unpack64(magnitude: vec2<u32>) -> ReluUnpacked64 {
  let field = i32(magnitude.y >> 20u);
  let top = select(magnitude.y & 0xfffffu, (magnitude.y & 0xfffffu) | 0x100000u, field != 0i);
  let aligned = vec2<u32>(magnitude.x << 11u, (top << 11u) | (magnitude.x >> 21u));
  let leading_zeros = select(countLeadingZeros(aligned.y), 32u + countLeadingZeros(aligned.x), aligned.y == 0u);
  return ReluUnpacked64(relu_shift_left64(aligned, leading_zeros), max(field, 1i) - 1023i - i32(leading_zeros));
}

// |alpha * x| for finite non-zero float64 magnitudes, rounded once: nearest, ties to even;
// subnormal below the normal range; infinity at or beyond the largest exponent.
fn relu_scaled_magnitude64(alpha: vec2<u32>, x: vec2<u32>) -> vec2<u32> {
  let a = relu_unpack64(alpha);
  let b = relu_unpack64(x);
  let p00 = relu_wide_product(a.significand.x, b.significand.x);
  let p01 = relu_wide_product(a.significand.x, b.significand.y);
  let p10 = relu_wide_product(a.significand.y, b.significand.x);
  let p11 = relu_wide_product(a.significand.y, b.significand.y);
  // The 128-bit product as words w0 (lowest) .. w3, in [2^126, 2^128).
  let s1 = relu_add_carry(p00.y, p01.x, 0u);
  let w1 = relu_add_carry(s1.x, p10.x, 0u);
  let s2 = relu_add_carry(p11.x, p01.y, s1.y);
  let w2 = relu_add_carry(s2.x, p10.y, w1.y);
  let w3 = p11.y + s2.y + w2.y;
  // Normalise to bit 127: shift left once when the product is below 2^127.
  let low_half = w3 < 0x80000000u;
  let top = select(vec2<u32>(w2.x, w3), vec2<u32>((w2.x << 1u) | (w1.x >> 31u), (w3 << 1u) | (w2.x >> 31u)), low_half);
  let rest = select(w1.x | p00.x, (w1.x << 1u) | p00.x, low_half);
  let exponent = a.exponent + b.exponent + select(1i, 0i, low_half); // of the product's bit 127
  // Keep 53 bits of the top 64, fewer below the normal range; past 64 bits nothing is kept.
  let shift = min(11u + u32(max(-1022i - exponent, 0i)), 65u);
  let kept = select(relu_shift_right64(top, shift & 63u), vec2<u32>(0u), shift >= 64u);
  let r = shift - 1u; // the round bit's position in top
  let round_bit = select(select((top.x >> (r & 31u)) & 1u, (top.y >> (r & 31u)) & 1u, r >= 32u), 0u, shift > 64u);
  let below = select(select(top.x & ((1u << (r & 31u)) - 1u), top.x | (top.y & ((1u << (r & 31u)) - 1u)), r >= 32u), 1u, shift > 64u);
  let sticky = below != 0u || rest != 0u;
  let round_up = round_bit != 0u && (sticky || (kept.x & 1u) != 0u);
  let field = select(exponent + 1023i, 1i, exponent < -1022i); // 1: the subnormal encoding below
  // (field - 1) << 52 plus kept plus the rounding; a carry out of the significand moves into the exponent field.
  let low = relu_add_carry(kept.x, select(0u, 1u, round_up), 0u);
  let high = (u32(clamp(field, 1i, 2047i) - 1i) << 20u) + kept.y + low.y;
  let infinite = field >= 2047i || high >= 0x7ff00000u;
  return select(vec2<u32>(low.x, high), vec2<u32>(0u, 0x7ff00000u), infinite);
}

fn leaky_relu_float64(x: vec2<u32>, alpha: vec2<u32>) -> vec2<u32> {
  let result_sign = (alpha.y & 0x80000000u) ^ 0x80000000u;
  let alpha_magnitude = vec2<u32>(alpha.x, alpha.y & 0x7fffffffu);
  let alpha_zero = alpha_magnitude.y == 0u && alpha_magnitude.x == 0u;
  let alpha_infinite = alpha_magnitude.y == 0x7ff00000u && alpha_magnitude.x == 0u;
  let alpha_nan = alpha_magnitude.y > 0x7ff00000u || (alpha_magnitude.y == 0x7ff00000u && alpha_magnitude.x != 0u);
  let x_infinite = x.y == 0xfff00000u && x.x == 0u;
  let scaled = relu_scaled_magnitude64(select(alpha_magnitude, vec2<u32>(1u, 0u), alpha_zero), vec2<u32>(x.x, x.y & 0x7fffffffu));
  var y = vec2<u32>(scaled.x, scaled.y | result_sign);
  y = select(y, vec2<u32>(0u, result_sign), alpha_zero);
  y = select(y, select(vec2<u32>(0u, result_sign | 0x7ff00000u), vec2<u32>(0u, 0x7ff80000u), alpha_zero), x_infinite || alpha_infinite);
  y = select(y, vec2<u32>(0u, 0x7ff80000u), alpha_nan);
  // Only negative numbers change: above -0 (0x80000000 00000000) and at most -Inf (0xfff00000 00000000).
  let negative = (x.y > 0x80000000u || (x.y == 0x80000000u && x.x != 0u)) && (x.y < 0xfff00000u || x_infinite);
  return select(x, y, negative);
}
`;

/**
 * SPEC.md's leaky ReLU on one element's bit pattern, for every float dtype:
 * `fn leaky_relu_<dtype>(x: u32, alpha: u32) -> u32` for float32, float16 and bfloat16, with x as
 * in WGSL_RELU (16-bit elements in the low bits) and alpha the bits of a float32 (ONNX's float
 * attribute), and `fn leaky_relu_float64(x: vec2<u32>, alpha: vec2<u32>) -> vec2<u32>` with x and
 * alpha (low, high) float64 bits (SPEC.md: the caller's double). x < 0 gives alpha * x rounded once to x's format
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
${LEAKY_FLOAT64}`;
