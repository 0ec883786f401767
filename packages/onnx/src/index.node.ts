import type { ReluBackend } from '@relu/core';
import { createOnnxBackend } from './backend.js';
import type { OnnxBackendOptions } from './options.js';
import { loadNodeRuntime } from './runtimes.node.js';

export * from './shared-exports.js';
export { onnxWebAssets, ONNX_WEB_ASSET_NAMES } from './assets.js';

/**
 * A ReluBackend running each op (ReLU, leaky ReLU, ReLU6) as a one-node ONNX graph (Node build): 'cpu' on onnxruntime-node,
 * 'wasm' on onnxruntime-web's wasm build; 'webgl' and 'webgpu' reject with
 * ExecutionProviderUnavailableError. Each runtime is imported only when asked for.
 */
export function onnxBackend(options: OnnxBackendOptions): Promise<ReluBackend> {
  return createOnnxBackend(options, loadNodeRuntime);
}
