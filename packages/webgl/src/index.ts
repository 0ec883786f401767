export { type WebGLBackend, type WebGLBackendOptions, webglBackend } from './backend.js';
export { ContextLostError, WebGLKernelError, WebGLUnavailableError } from './errors.js';
export { GLSL_RELU } from './glsl/relu.js';
export { GLSL_RELU6 } from './glsl/relu6.js';
export { GLSL_LEAKY_RELU } from './glsl/leaky-relu.js';
export { WEBGL_OPS } from './glsl/ops.js';
export { type KernelVsCopyShader, type MeasureOptions, type RunVsRoundTrip, type WebGLTimingMethod, measureKernelVsCopy, measureRunVsRoundTrip } from './measure.js';
