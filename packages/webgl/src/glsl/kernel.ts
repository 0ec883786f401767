import type { DType } from '@relu/core';
import { packingOf } from '../layout.js';
import type { GlslOp } from './ops.js';

/** A triangle that covers the viewport, from gl_VertexID alone (no vertex buffers). */
export const VERTEX_SHADER = /* glsl */ `#version 300 es
void main() {
  gl_Position = vec4(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0, 0.0, 1.0);
}
`;

/**
 * The fragment shader for one op on one dtype: each fragment reads its RGBA32UI texel with
 * texelFetch (no sampling, no filtering, no float) and writes the op of its four words to an
 * RGBA32UI colour attachment.
 */
export function fragmentSource(op: GlslOp, dtype: DType): string {
  const fn = op.functionName(dtype);
  const attribute = packingOf(dtype).kind === 'pair' ? 'op_attributes' : 'op_attributes.x';
  const call = (x: string): string => (op.takesAttribute ? `${fn}(${x}, ${attribute})` : `${fn}(${x})`);
  return /* glsl */ `#version 300 es
precision highp float;
precision highp int;
precision highp usampler2D;
uniform usampler2D x_texels;
uniform uvec2 op_attributes;
out uvec4 y_texel;
${op.source}
${wordFunction(dtype, call)}
void main() {
  uvec4 x = texelFetch(x_texels, ivec2(gl_FragCoord.xy), 0);
  y_texel = ${texelExpression(dtype, call)};
}
`;
}

/** For packed dtypes: the op on each lane of a word. */
function wordFunction(dtype: DType, call: (x: string) => string): string {
  const packing = packingOf(dtype);
  if (packing.kind !== 'lanes') return '';
  const { lanes, laneBits } = packing;
  const mask = `0x${(2 ** laneBits - 1).toString(16)}u`;
  const lane = (k: number): string => `((${call(`(w >> ${k * laneBits}u) & ${mask}`)} & ${mask}) << ${k * laneBits}u)`;
  return `uint relu_word(uint w) {
  return ${Array.from({ length: lanes }, (_, k) => lane(k)).join('\n    | ')};
}`;
}

function texelExpression(dtype: DType, call: (x: string) => string): string {
  switch (packingOf(dtype).kind) {
    case 'lanes':
      return 'uvec4(relu_word(x.x), relu_word(x.y), relu_word(x.z), relu_word(x.w))';
    case 'word':
      return `uvec4(${call('x.x')}, ${call('x.y')}, ${call('x.z')}, ${call('x.w')})`;
    case 'pair':
      return `uvec4(${call('x.xy')}, ${call('x.zw')})`;
  }
}
