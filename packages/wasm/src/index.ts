export { wasmBackend, type WasmBackend, type WasmBackendOptions } from './backend.js';
export { createWasmRelu, WasmRelu, type WasmReluOptions, DEFAULT_PARALLEL_THRESHOLD_BYTES } from './runtime.js';
export { WasmTensor } from './tensor.js';
export { isWasmSimdSupported, sharedMemoryUnavailableReason } from './feature-detection.js';
export { WasmSimdUnavailableError, WasmTensorFreedError } from './errors.js';
export { MAX_MEMORY_BYTES } from './heap.js';
