/// <reference types="@webgpu/types" preserve="true" />
export { type WebGpuBackend, type WebGpuBackendOptions, type WebGpuLimits, webgpuBackend } from './backend.js';
export { encodeRelu } from './encode-relu.js';
export { reluBuffer } from './relu-buffer.js';
export { type EncodeReluOptions, type GpuReluOptions } from './gpu-call.js';
export { type SplitLimits } from './plan.js';
export { DeviceLostError, GpuValidationError, WebGpuUnavailableError } from './errors.js';
export { WGSL_RELU } from './wgsl/relu.js';
export { WGSL_RELU6 } from './wgsl/relu6.js';
export { WGSL_LEAKY_RELU } from './wgsl/leaky-relu.js';
export { WEBGPU_OPS } from './wgsl/ops.js';
export { type KernelVsCopy, type MeasureOptions, type RunVsRoundTrip, type TimingMethod, measureKernelVsCopy, measureRunVsRoundTrip } from './measure.js';
