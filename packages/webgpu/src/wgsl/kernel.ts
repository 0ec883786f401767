import type { DType } from '@relu/core';
import { packingOf } from '../layout.js';
import type { WgslOp } from './ops.js';

/** Invocations per workgroup: 64 runs at full occupancy on every WebGPU adapter (and in compatibility mode). */
export const WORKGROUP_SIZE = 64;

/**
 * Output words (elements, for 64-bit dtypes) each invocation writes, WORKGROUP_SIZE apart so that
 * neighbouring invocations touch neighbouring words (coalesced on GPUs, one SIMD load on
 * SwiftShader). 16 halved SwiftShader's time against 1 or 4 (per-invocation cost dominates
 * there); on GPUs fewer, fuller workgroups cost nothing.
 */
export const UNITS_PER_INVOCATION = 16;

/** Words (or 64-bit elements) one workgroup writes. */
export const UNITS_PER_WORKGROUP = WORKGROUP_SIZE * UNITS_PER_INVOCATION;

/**
 * 'separate': input and output are two buffers (input bound read-only). 'inplace': one buffer,
 * the same range, bound once read_write (binding one buffer twice, once writable, is invalid).
 */
export type KernelVariant = 'separate' | 'inplace';

/**
 * Uniform layout, one record per dispatch (u32 each): the output words (elements) written, the first
 * element's slot in the input and output bindings (slot = element position, in elements, from the
 * binding's start), the element count, how many lanes input and output are out of step
 * ((in_slot - out_slot) mod lanes), and the op's attribute (two words: low, high).
 */
export const PARAMS_WORDS = 8;

/** The compute shader for one op on one dtype: each invocation writes UNITS_PER_INVOCATION output words (or elements). */
export function kernelSource(op: WgslOp, dtype: DType, variant: KernelVariant): string {
  const fn = op.functionName(dtype);
  const attribute = packingOf(dtype).kind === 'pair' ? 'vec2<u32>(params.op_attribute, params.op_attribute_high)' : 'params.op_attribute';
  const call = (x: string): string => (op.takesAttribute ? `${fn}(${x}, ${attribute})` : `${fn}(${x})`);
  const input = variant === 'inplace' ? 'dst' : 'src';
  return /* wgsl */ `${op.source}
struct ReluParams {
  units: u32,
  in_slot: u32,
  out_slot: u32,
  count: u32,
  phase: u32,
  op_attribute: u32,
  op_attribute_high: u32,
}
@group(0) @binding(0) var<uniform> params: ReluParams;
${variant === 'separate' ? '@group(0) @binding(1) var<storage, read> src: array<u32>;' : ''}
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lane: u32, @builtin(num_workgroups) groups: vec3<u32>) {
  let first = (group.x + group.y * groups.x) * ${UNITS_PER_WORKGROUP}u + lane;
  let end = min(first - lane + ${UNITS_PER_WORKGROUP}u, params.units);
  for (var t = first; t < end; t += ${WORKGROUP_SIZE}u) {
${body(dtype, input, call)}
  }
}
`;
}

function body(dtype: DType, input: string, call: (x: string) => string): string {
  const packing = packingOf(dtype);
  switch (packing.kind) {
    case 'word':
      return `  dst[params.out_slot + t] = ${call(`${input}[params.in_slot + t]`)};`;
    case 'pair':
      return `  let i = 2u * (params.in_slot + t);
  let o = 2u * (params.out_slot + t);
  let y = ${call(`vec2<u32>(${input}[i], ${input}[i + 1u])`)};
  dst[o] = y.x;
  dst[o + 1u] = y.y;`;
    case 'lanes': {
      const { lanes, laneBits } = packing;
      const mask = `0x${(2 ** laneBits - 1).toString(16)}u`;
      const lane = (k: number): string => `((${call(`(x >> ${k * laneBits}u) & ${mask}`)} & ${mask}) << ${k * laneBits}u)`;
      const outside = (k: number): string => `select(0u, ${mask} << ${k * laneBits}u, slot + ${k}u < params.out_slot || slot + ${k}u >= range_end)`;
      const ks = Array.from({ length: lanes }, (_, k) => k);
      // The output word's lanes hold slots slot .. slot + lanes - 1; lane k's element reads input
      // slot base + k. When input and output are out of step (phase != 0), that input spans two
      // words, funnel-shifted into one. Reads outside the binding (slots are < 2^31, so the signed
      // shift is a floor division) are clamped into it: they only feed lanes outside the range,
      // which are merged back unchanged.
      return `  let ow = params.out_slot / ${lanes}u + t;
  let slot = ow * ${lanes}u;
  let base = params.in_slot + slot - params.out_slot;
  let last_word = arrayLength(&${input}) - 1u;
  // An exact multiple of lanes; it is -1 words when the range starts late in its first word.
  let low = bitcast<u32>(bitcast<i32>(base - params.phase) >> ${Math.log2(lanes)}u);
  var x = ${input}[min(low, last_word)];
  if (params.phase != 0u) {
    let shift = params.phase * ${laneBits}u;
    x = (x >> shift) | (${input}[min(low + 1u, last_word)] << (32u - shift));
  }
  let y = ${ks.map(lane).join('\n    | ')};
  let range_end = params.out_slot + params.count;
  if (slot >= params.out_slot && slot + ${lanes}u <= range_end) {
    dst[ow] = y;
  } else {
    let keep = ${ks.map(outside).join('\n      | ')};
    dst[ow] = (dst[ow] & keep) | (y & ~keep);
  }`;
    }
  }
}
