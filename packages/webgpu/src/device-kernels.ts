/// <reference types="@webgpu/types" />
import type { DType, OpName } from '@relu/core';
import { type KernelVariant, kernelSource } from './wgsl/kernel.js';
import { WGSL_OPS } from './wgsl/ops.js';

/**
 * What this package keeps per GPUDevice: the two bind-group layouts, the pipelines compiled so
 * far (one per op, dtype and variant, made on first use), a uniform buffer that calls which
 * submit at once reuse, and whether the device has been lost.
 */
export interface DeviceKernels {
  readonly device: GPUDevice;
  layout(variant: KernelVariant): GPUBindGroupLayout;
  pipeline(op: OpName, dtype: DType, variant: KernelVariant): GPUComputePipeline;
  /**
   * A uniform buffer of at least `bytes`, shared by the submitting paths: a queue.writeBuffer to
   * it followed by its submit, in one synchronous turn, is ordered before the next writer's.
   */
  sharedUniform(bytes: number): GPUBuffer;
  /** Set once device.lost has resolved. */
  readonly lost: GPUDeviceLostInfo | undefined;
}

const KERNELS = new WeakMap<GPUDevice, DeviceKernels>();

export function kernelsFor(device: GPUDevice): DeviceKernels {
  let kernels = KERNELS.get(device);
  if (!kernels) {
    kernels = createKernels(device);
    KERNELS.set(device, kernels);
  }
  return kernels;
}

function createKernels(device: GPUDevice): DeviceKernels {
  let lost: GPUDeviceLostInfo | undefined;
  void device.lost.then((info) => {
    lost = info;
  });
  const uniform: GPUBindGroupLayoutEntry = { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } };
  const output: GPUBindGroupLayoutEntry = { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } };
  const layouts: Record<KernelVariant, GPUBindGroupLayout> = {
    separate: device.createBindGroupLayout({
      label: 'relu separate',
      entries: [uniform, { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } }, output],
    }),
    inplace: device.createBindGroupLayout({ label: 'relu inplace', entries: [uniform, output] }),
  };
  const pipelineLayouts: Record<KernelVariant, GPUPipelineLayout> = {
    separate: device.createPipelineLayout({ bindGroupLayouts: [layouts.separate] }),
    inplace: device.createPipelineLayout({ bindGroupLayouts: [layouts.inplace] }),
  };
  const pipelines = new Map<string, GPUComputePipeline>();
  let shared: GPUBuffer | undefined;
  return {
    device,
    layout: (variant) => layouts[variant],
    pipeline(op, dtype, variant) {
      const key = `${op}/${dtype}/${variant}`;
      let pipeline = pipelines.get(key);
      if (!pipeline) {
        const module = device.createShaderModule({ label: `relu ${key}`, code: kernelSource(WGSL_OPS[op], dtype, variant) });
        pipeline = device.createComputePipeline({ label: `relu ${key}`, layout: pipelineLayouts[variant], compute: { module, entryPoint: 'main' } });
        pipelines.set(key, pipeline);
      }
      return pipeline;
    },
    sharedUniform(bytes) {
      if (!shared || shared.size < bytes) {
        // The old buffer may still be read by submitted work; dropping it (not destroying it)
        // lets WebGPU free it when that work is done.
        shared = device.createBuffer({ label: 'relu uniforms', size: Math.max(bytes, 4096), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      }
      return shared;
    },
    get lost() {
      return lost;
    },
  };
}
