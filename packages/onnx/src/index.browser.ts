import type { ReluBackend } from '@relu/core';
import { createOnnxBackend } from './backend.js';
import type { OnnxBackendOptions } from './options.js';
import { loadBrowserRuntime } from './runtimes.browser.js';

export * from './shared-exports.js';

/**
 * A ReluBackend running each op (ReLU, leaky ReLU, ReLU6) as a one-node ONNX graph (browser build): 'wasm', 'webgl' and
 * 'webgpu' on onnxruntime-web; 'cpu' (onnxruntime-node) rejects with
 * ExecutionProviderUnavailableError. Each runtime is imported only when asked for.
 */
export function onnxBackend(options: OnnxBackendOptions): Promise<ReluBackend> {
  return createOnnxBackend(options, loadBrowserRuntime);
}
