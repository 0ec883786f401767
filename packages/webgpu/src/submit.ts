/// <reference types="@webgpu/types" />
import type { GpuCall } from './gpu-call.js';
import { recordDispatches, uniformRecords, uniformStride } from './record.js';

/**
 * Writes a checked call's uniforms to the device's shared uniform buffer and submits its pass,
 * then `after`'s commands in the same command buffer (the backend's copy to its readback buffer).
 * Synchronous, so that the next writer's uniforms come after.
 */
export function submitCall(call: GpuCall, after?: (encoder: GPUCommandEncoder) => void): void {
  const { device } = call.kernels;
  const stride = uniformStride(device);
  const records = uniformRecords(call.dispatches, call.attribute, stride);
  const uniform = call.kernels.sharedUniform(records.byteLength);
  device.queue.writeBuffer(uniform, 0, records);
  const encoder = device.createCommandEncoder({ label: 'relu' });
  recordDispatches(encoder, {
    kernels: call.kernels,
    pipeline: call.kernels.pipeline(call.op, call.dtype, call.variant),
    variant: call.variant,
    input: call.input,
    output: call.output,
    dispatches: call.dispatches,
    uniform,
    uniformOffset: 0,
    stride,
  });
  after?.(encoder);
  device.queue.submit([encoder.finish()]);
}

