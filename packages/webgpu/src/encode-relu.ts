/// <reference types="@webgpu/types" />
import { argumentTypeError } from '@relu/core';
import { type EncodeReluOptions, checkDevice, checkGpuCall } from './gpu-call.js';
import { recordDispatches, uniformRecords, uniformStride } from './record.js';

const FN = 'encodeRelu';

/**
 * Records the op over `options.length` elements of the caller's GPU buffers as one compute pass
 * into the caller's command encoder; nothing runs until the caller submits it. In place when
 * `output` is `input` (same offset). Elements outside the range are never written: a word shared
 * with neighbours is merged, not clobbered.
 *
 * Each call allocates its bind groups and one small uniform buffer holding the dispatches'
 * lengths, offsets and attribute (the caller submits later, so a shared one could be overwritten
 * first); pipelines and layouts are cached per device. Argument errors are TypeError / RangeError
 * naming the argument; a lost device is DeviceLostError. A buffer destroyed before the caller's
 * submit is reported by WebGPU at that submit (reluBuffer checks it for you).
 */
export function encodeRelu(encoder: GPUCommandEncoder, options: EncodeReluOptions): void {
  const isEncoder =
    typeof GPUCommandEncoder === 'function' ? encoder instanceof GPUCommandEncoder : typeof (encoder as GPUCommandEncoder | null)?.beginComputePass === 'function';
  if (!isEncoder) throw argumentTypeError(FN, 'encoder', 'a GPUCommandEncoder', encoder);
  const device = checkDevice(FN, 'options.device', (options as Partial<EncodeReluOptions> | undefined)?.device);
  const call = checkGpuCall(FN, device, options, ['device']);
  if (call.dispatches.length === 0) return;
  const stride = uniformStride(device);
  const records = uniformRecords(call.dispatches, call.attribute, stride);
  const uniform = device.createBuffer({ label: 'relu uniforms (encodeRelu)', size: records.byteLength, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
  new Uint32Array(uniform.getMappedRange()).set(records);
  uniform.unmap();
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
}
