import { floatFormat, topWordBits } from '@relu/core';
import { hex } from './literals.js';

const f32 = topWordBits(floatFormat('float32'));
const f16 = topWordBits(floatFormat('float16'));
const bf16 = topWordBits(floatFormat('bfloat16'));
const f64 = topWordBits(floatFormat('float64'));

/** One float format's relu6 on bits: NaN kept, sign set gives +0, at or above 6 gives 6. */
const floatRelu6 = (dtype: string, f: ReturnType<typeof topWordBits>): string => `
uint relu6_${dtype}(uint x) {
  uint magnitude = x & ${hex(f.sign - 1)};
  return magnitude > ${hex(f.infinity)} ? x : (x != magnitude ? 0u : min(x, ${hex(f.six)}));
}`;

/** Two's complement clamped to [0, 6] by unsigned compares: the sign bit set means negative. */
const intRelu6 = (dtype: string, sign: number): string => `
uint relu6_${dtype}(uint x) {
  return x >= ${hex(sign)} ? 0u : min(x, 6u);
}`;

/**
 * SPEC.md's ReLU6, min(max(x, 0), 6), on one element's bit pattern, one GLSL ES 3.00 function
 * per dtype (`relu6_<dtype>`, same signatures as GLSL_RELU's). Unsigned integer compares only: a
 * NaN is kept, a set sign bit (-0, negatives, -Inf) gives +0, and a non-negative pattern at or
 * above the bits of 6 (6, larger numbers, +Inf) gives the bits of 6, because non-negative floats
 * order like their bits. Integers are clamped to [0, 6].
 */
export const GLSL_RELU6 = /* glsl */ `${floatRelu6('float32', f32)}${floatRelu6('float16', f16)}${floatRelu6('bfloat16', bf16)}${intRelu6('int8', 0x80)}${intRelu6('int16', 0x8000)}${intRelu6('int32', 0x80000000)}
uvec2 relu6_float64(uvec2 x) {
  uint magnitude = x.y & ${hex(f64.sign - 1)};
  if (magnitude > ${hex(f64.infinity)} || (magnitude == ${hex(f64.infinity)} && x.x != 0u)) return x;
  if (x.y != magnitude) return uvec2(0u);
  return x.y >= ${hex(f64.six)} ? uvec2(0u, ${hex(f64.six)}) : x;
}
uvec2 relu6_int64(uvec2 x) {
  if (x.y >= 0x80000000u) return uvec2(0u);
  return (x.y != 0u || x.x > 6u) ? uvec2(6u, 0u) : x;
}
`;
