import { floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

const f32 = topWordBits(floatFormat('float32'));
const f16 = topWordBits(floatFormat('float16'));
const bf16 = topWordBits(floatFormat('bfloat16'));
const f64 = topWordBits(floatFormat('float64'));

/**
 * SPEC.md's ReLU6, min(max(x, 0), 6), on one element's bit pattern, one WGSL function per dtype
 * (`relu6_<dtype>`, same signatures as WGSL_RELU's). Integer compares only: a NaN is kept, a set
 * sign bit (-0, negatives, -Inf) gives +0, and a non-negative pattern at or above the bits of 6
 * (6, larger numbers, +Inf) gives the bits of 6, because non-negative floats order like their
 * bits. Integers are clamped to [0, 6].
 */
export const WGSL_RELU6 = /* wgsl */ `
fn relu6_float32(x: u32) -> u32 {
  let magnitude = x & ${hex(f32.sign - 1)};
  return select(select(min(x, ${hex(f32.six)}), 0u, x != magnitude), x, magnitude > ${hex(f32.infinity)});
}
fn relu6_float16(x: u32) -> u32 {
  let magnitude = x & ${hex(f16.sign - 1)};
  return select(select(min(x, ${hex(f16.six)}), 0u, x != magnitude), x, magnitude > ${hex(f16.infinity)});
}
fn relu6_bfloat16(x: u32) -> u32 {
  let magnitude = x & ${hex(bf16.sign - 1)};
  return select(select(min(x, ${hex(bf16.six)}), 0u, x != magnitude), x, magnitude > ${hex(bf16.infinity)});
}
fn relu6_int8(x: u32) -> u32 {
  return u32(clamp(bitcast<i32>(x << 24u) >> 24u, 0i, 6i));
}
fn relu6_int16(x: u32) -> u32 {
  return u32(clamp(bitcast<i32>(x << 16u) >> 16u, 0i, 6i));
}
fn relu6_int32(x: u32) -> u32 {
  return u32(clamp(bitcast<i32>(x), 0i, 6i));
}
fn relu6_float64(x: vec2<u32>) -> vec2<u32> {
  let magnitude = x.y & ${hex(f64.sign - 1)};
  let nan = magnitude > ${hex(f64.infinity)} || (magnitude == ${hex(f64.infinity)} && x.x != 0u);
  let clamped = select(select(x, vec2<u32>(0u, ${hex(f64.six)}), x.y >= ${hex(f64.six)}), vec2<u32>(0u), x.y != magnitude);
  return select(clamped, x, nan);
}
fn relu6_int64(x: vec2<u32>) -> vec2<u32> {
  let above_six = bitcast<i32>(x.y) > 0i || x.x > 6u;
  return select(select(x, vec2<u32>(6u, 0u), above_six), vec2<u32>(0u), bitcast<i32>(x.y) < 0i);
}
`;
