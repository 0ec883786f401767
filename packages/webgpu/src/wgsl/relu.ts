import { floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

const f32 = topWordBits(floatFormat('float32'));
const f16 = topWordBits(floatFormat('float16'));
const bf16 = topWordBits(floatFormat('bfloat16'));
const f64 = topWordBits(floatFormat('float64'));

/**
 * SPEC.md's ReLU on one element's bit pattern, one WGSL function per dtype, for users' own
 * shaders. No float is loaded or computed, so the result is exact on every GPU, whatever it does
 * with NaN, infinities, the sign of zero or subnormals: with the bits read as a signed integer of
 * the element's width, the result is +0 when bits <= bits(-Inf) and the bits unchanged otherwise
 * (integers: x > 0 ? x : 0).
 *
 * - `relu_float32`, `relu_int32`: `fn (x: u32) -> u32`, the element's 32 bits.
 * - `relu_float16`, `relu_bfloat16`, `relu_int16`, `relu_int8`: `fn (x: u32) -> u32`, the
 *   element in the low 16 (8) bits of x, the other bits zero; the result likewise.
 * - `relu_float64`, `relu_int64`: `fn (x: vec2<u32>) -> vec2<u32>`, (low word, high word).
 *
 * The element is moved to the top of an i32 so that one signed comparison sees its sign.
 */
export const WGSL_RELU = /* wgsl */ `
fn relu_float32(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x) <= bitcast<i32>(${hex(f32.sign | f32.infinity)}));
}
fn relu_float16(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x << 16u) <= bitcast<i32>(${hex((f16.sign | f16.infinity) << 16)}));
}
fn relu_bfloat16(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x << 16u) <= bitcast<i32>(${hex((bf16.sign | bf16.infinity) << 16)}));
}
fn relu_int8(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x << 24u) <= 0i);
}
fn relu_int16(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x << 16u) <= 0i);
}
fn relu_int32(x: u32) -> u32 {
  return select(x, 0u, bitcast<i32>(x) <= 0i);
}
fn relu_float64(x: vec2<u32>) -> vec2<u32> {
  let at_or_below_negative_infinity = bitcast<i32>(x.y) < bitcast<i32>(${hex(f64.sign | f64.infinity)})
    || (x.y == ${hex(f64.sign | f64.infinity)} && x.x == 0u);
  return select(x, vec2<u32>(0u), at_or_below_negative_infinity);
}
fn relu_int64(x: vec2<u32>) -> vec2<u32> {
  return select(x, vec2<u32>(0u), bitcast<i32>(x.y) < 0i);
}
`;
