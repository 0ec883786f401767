import { floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

const f32 = topWordBits(floatFormat('float32'));
const f16 = topWordBits(floatFormat('float16'));
const bf16 = topWordBits(floatFormat('bfloat16'));
const f64 = topWordBits(floatFormat('float64'));

/**
 * SPEC.md's ReLU on one element's bit pattern, one GLSL ES 3.00 function per dtype, for users'
 * own shaders. Unsigned integer compares only (no float, and no int conversion of a large uint):
 * the result is +0 when the element is -0, a negative number or -Inf (sign bit set and the bits at
 * most those of -Inf), the bits unchanged otherwise; integers: x > 0 ? x : 0.
 *
 * - `relu_float32`, `relu_int32`: `uint (uint x)`, the element's 32 bits.
 * - `relu_float16`, `relu_bfloat16`, `relu_int16`, `relu_int8`: `uint (uint x)`, the element in the
 *   low 16 (8) bits of x, the other bits zero; the result likewise.
 * - `relu_float64`, `relu_int64`: `uvec2 (uvec2 x)`, (low word, high word).
 */
export const GLSL_RELU = /* glsl */ `
uint relu_float32(uint x) {
  return (x >= ${hex(f32.sign)} && x <= ${hex(f32.sign | f32.infinity)}) ? 0u : x;
}
uint relu_float16(uint x) {
  return (x >= ${hex(f16.sign)} && x <= ${hex(f16.sign | f16.infinity)}) ? 0u : x;
}
uint relu_bfloat16(uint x) {
  return (x >= ${hex(bf16.sign)} && x <= ${hex(bf16.sign | bf16.infinity)}) ? 0u : x;
}
uint relu_int8(uint x) {
  return x >= 0x80u ? 0u : x;
}
uint relu_int16(uint x) {
  return x >= 0x8000u ? 0u : x;
}
uint relu_int32(uint x) {
  return x >= 0x80000000u ? 0u : x;
}
uvec2 relu_float64(uvec2 x) {
  bool at_or_below_negative_infinity = x.y >= ${hex(f64.sign)} && (x.y < ${hex(f64.sign | f64.infinity)} || (x.y == ${hex(f64.sign | f64.infinity)} && x.x == 0u));
  return at_or_below_negative_infinity ? uvec2(0u) : x;
}
uvec2 relu_int64(uvec2 x) {
  return x.y >= 0x80000000u ? uvec2(0u) : x;
}
`;
