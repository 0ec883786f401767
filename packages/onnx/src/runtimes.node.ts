import type { ExecutionProvider } from './capabilities.js';
import { ExecutionProviderUnavailableError } from './errors.js';
import { type OrtModuleLike, type Runtime, type RuntimeOptions, moduleOf } from './runtime.js';

/** onnxruntime-web's Node build (its "node" export): wasm only, loads its .wasm from node_modules. */
const loadOrtWeb = async (): Promise<OrtModuleLike> => moduleOf<OrtModuleLike>(await import('onnxruntime-web'), 'InferenceSession');

/** The runtimes of the Node build; each onnxruntime package is imported only when asked for. */
export async function loadNodeRuntime(executionProvider: ExecutionProvider, options: RuntimeOptions): Promise<Runtime> {
  switch (executionProvider) {
    case 'cpu':
      return (await import('./runtime-cpu.js')).loadCpuRuntime(options);
    case 'wasm':
      return (await import('./runtime-wasm.js')).loadWasmRuntime(loadOrtWeb, options);
    case 'webgl':
    case 'webgpu':
      throw new ExecutionProviderUnavailableError(
        executionProvider,
        `onnxruntime-web runs '${executionProvider}' only in a browser (this is the Node build of @relu/onnx); use 'cpu' or 'wasm' in Node`,
      );
  }
}
