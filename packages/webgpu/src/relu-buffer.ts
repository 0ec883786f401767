/// <reference types="@webgpu/types" />
import type { DeviceKernels } from './device-kernels.js';
import { DeviceLostError, GpuValidationError } from './errors.js';
import { type GpuCall, type GpuReluOptions, checkDevice, checkGpuCall } from './gpu-call.js';
import { recordDispatches, uniformStride } from './record.js';
import { submitCall } from './submit.js';

const FN = 'reluBuffer';

/**
 * The op over a range of the caller's GPU buffers, recorded and submitted on `device`'s queue
 * (encodeRelu's options without `device`). Resolves once the device has accepted the work (it
 * may still be running: later work on the same queue sees its results). Reuses one uniform
 * buffer per device. Rejects with a TypeError naming the argument when a buffer turns out to be
 * destroyed or of another device, DeviceLostError when the device is lost, GpuValidationError
 * for anything else the device refuses.
 */
export async function reluBuffer(device: GPUDevice, options: GpuReluOptions): Promise<void> {
  checkDevice(FN, 'device', device);
  const call = checkGpuCall(FN, device, options);
  if (call.dispatches.length === 0) return;
  device.pushErrorScope('validation');
  submitCall(call);
  const error = await device.popErrorScope();
  const lost = call.kernels.lost;
  if (lost) throw new DeviceLostError(FN, lost.reason, lost.message);
  if (error) throw await diagnose(call, error);
}

/**
 * Which argument the device refused: WebGPU has no "destroyed" flag to read, so each buffer is
 * tried alone in a dispatch that writes nothing (zero units).
 */
async function diagnose(call: GpuCall, error: GPUError): Promise<Error> {
  const named: [string, GPUBuffer][] = call.input === call.output ? [['options.input', call.input]] : [['options.input', call.input], ['options.output', call.output]];
  for (const [argument, buffer] of named) {
    if (await refuses(call.kernels, buffer)) {
      return new TypeError(`${FN}: ${argument} must be a live GPUBuffer of this device; the device refused it: ${error.message}`);
    }
  }
  return new GpuValidationError(`${FN}: the device refused the work: ${error.message}`);
}

async function refuses(kernels: DeviceKernels, buffer: GPUBuffer): Promise<boolean> {
  const { device } = kernels;
  const stride = uniformStride(device);
  const uniform = kernels.sharedUniform(stride);
  device.pushErrorScope('validation');
  device.queue.writeBuffer(uniform, 0, new Uint32Array(stride / 4));
  const encoder = device.createCommandEncoder({ label: 'relu probe' });
  recordDispatches(encoder, {
    kernels,
    pipeline: kernels.pipeline('relu', 'int32', 'inplace'),
    variant: 'inplace',
    input: buffer,
    output: buffer,
    dispatches: [{ input: { offset: 0, size: 4 }, output: { offset: 0, size: 4 }, units: 0, inSlot: 0, outSlot: 0, count: 0, phase: 0, workgroups: [1, 1] }],
    uniform,
    uniformOffset: 0,
    stride,
  });
  device.queue.submit([encoder.finish()]);
  return (await device.popErrorScope()) !== null;
}
