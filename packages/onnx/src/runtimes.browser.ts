import type { ExecutionProvider } from './capabilities.js';
import { ExecutionProviderUnavailableError } from './errors.js';
import { type OrtModuleLike, type Runtime, type RuntimeOptions, moduleOf } from './runtime.js';

/**
 * onnxruntime-web's default browser bundle (wasm + WebGPU): fetches ort-wasm-simd-threaded.jsep.wasm
 * from beside the script that contains it (new URL(..., import.meta.url)).
 */
export const loadOrtWeb = async (): Promise<OrtModuleLike> => moduleOf<OrtModuleLike>(await import('onnxruntime-web'), 'InferenceSession');
/** onnxruntime-web's WebGL-only build: no wasm to fetch. */
export const loadOrtWebGl = async (): Promise<OrtModuleLike> => moduleOf<OrtModuleLike>(await import('onnxruntime-web/webgl'), 'InferenceSession');

/** The runtimes of the browser build; nothing here imports onnxruntime-node. */
export async function loadBrowserRuntime(executionProvider: ExecutionProvider, options: RuntimeOptions): Promise<Runtime> {
  switch (executionProvider) {
    case 'cpu':
      throw new ExecutionProviderUnavailableError(
        'cpu',
        "'cpu' is onnxruntime-node, which runs only in Node (this is the browser build of @relu/onnx); use 'wasm', 'webgl' or 'webgpu' here",
      );
    case 'wasm':
      return (await import('./runtime-wasm.js')).loadWasmRuntime(loadOrtWeb, options);
    case 'webgl':
      return (await import('./runtime-webgl.js')).loadWebGlRuntime(loadOrtWebGl, options);
    case 'webgpu':
      return (await import('./runtime-webgpu.js')).loadWebGpuRuntime(loadOrtWeb, options);
  }
}
