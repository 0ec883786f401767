/// <reference types="@webgpu/types" />
import type { DeviceKernels } from './device-kernels.js';
import type { Dispatch } from './plan.js';
import type { AttributeWords } from './wgsl/ops.js';
import { type KernelVariant, PARAMS_WORDS } from './wgsl/kernel.js';

/** Bytes between two dispatches' uniform records: WebGPU aligns uniform binding offsets. */
export const uniformStride = (device: GPUDevice): number => Math.max(device.limits.minUniformBufferOffsetAlignment, PARAMS_WORDS * 4);

/** The uniform records of a plan, one per dispatch, `stride` bytes apart. */
export function uniformRecords(dispatches: readonly Dispatch[], attribute: AttributeWords, stride: number): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array((dispatches.length * stride) / 4);
  dispatches.forEach((d, i) => {
    words.set([d.units, d.inSlot, d.outSlot, d.count, d.phase, attribute[0], attribute[1], 0], (i * stride) / 4);
  });
  return words;
}

export interface Recording {
  readonly kernels: DeviceKernels;
  readonly pipeline: GPUComputePipeline;
  readonly variant: KernelVariant;
  readonly input: GPUBuffer;
  readonly output: GPUBuffer;
  readonly dispatches: readonly Dispatch[];
  /** Where the plan's uniform records are: a buffer, and the byte offset of the first. */
  readonly uniform: GPUBuffer;
  readonly uniformOffset: number;
  readonly stride: number;
}

/** Records the plan as one compute pass: one bind group and one dispatch per planned dispatch. */
export function recordDispatches(encoder: GPUCommandEncoder, r: Recording, timestampWrites?: GPUComputePassTimestampWrites): void {
  const { device } = r.kernels;
  const layout = r.kernels.layout(r.variant);
  const pass = encoder.beginComputePass(timestampWrites ? { label: 'relu', timestampWrites } : { label: 'relu' });
  pass.setPipeline(r.pipeline);
  r.dispatches.forEach((d, i) => {
    const params: GPUBindGroupEntry = { binding: 0, resource: { buffer: r.uniform, offset: r.uniformOffset + i * r.stride, size: r.stride } };
    const output: GPUBindGroupEntry = { binding: 2, resource: { buffer: r.output, offset: d.output.offset, size: d.output.size } };
    const entries =
      r.variant === 'inplace' ? [params, output] : [params, { binding: 1, resource: { buffer: r.input, offset: d.input.offset, size: d.input.size } }, output];
    pass.setBindGroup(0, device.createBindGroup({ layout, entries }));
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1]);
  });
  pass.end();
}
