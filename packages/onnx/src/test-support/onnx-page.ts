/**
 * The browser test page: imports the package's browser build (index.browser, as a bundler with
 * the "browser" condition would) and exposes its backends and probes to Node through
 * @relu/browser-harness.
 */
import type { Attributes, DType, OpName } from '@relu/core';
import { expose, exposeBackends, markReady } from '@relu/browser-harness/page';
import { type ExecutionProvider, type OnnxBackendOptions, onnxBackend } from '../index.browser.js';
import { ORT_TENSOR_TYPE } from '../runtime.js';
import { loadBrowserRuntime, loadOrtWeb } from '../runtimes.browser.js';
import { reluModel } from '../model.js';
import { probeOp } from './probe.js';

interface GpuLike {
  requestAdapter(): Promise<{ features: Set<string>; info?: Record<string, unknown> } | null>;
}

const navigatorGpu = (): GpuLike | undefined => (navigator as unknown as { gpu?: GpuLike }).gpu;
const originalGetContext = OffscreenCanvas.prototype.getContext;

exposeBackends({ onnx: (options) => onnxBackend(options as OnnxBackendOptions) });

expose({
  probe: (executionProvider: ExecutionProvider, op: OpName, attributes: Attributes, dtype: DType, inputs: string[]) => probeOp(loadBrowserRuntime, executionProvider, op, attributes, dtype, inputs),

  /** Whether this page has a WebGPU adapter, and which. */
  webgpuAdapter: async () => {
    const adapter = await navigatorGpu()?.requestAdapter();
    return adapter ? { vendor: String(adapter.info?.vendor), architecture: String(adapter.info?.architecture), shaderF16: adapter.features.has('shader-f16') } : null;
  },

  /** Takes WebGPU or WebGL2 away (or gives them back), to test that the backend refuses to start. */
  sabotage: (what: 'no-adapter' | 'no-navigator-gpu' | 'no-webgl2' | 'restore') => {
    const gpu = navigatorGpu() as { requestAdapter: unknown } | undefined;
    if (what === 'no-adapter' && gpu) gpu.requestAdapter = async () => null;
    if (what === 'no-navigator-gpu') Object.defineProperty(navigator, 'gpu', { value: undefined, configurable: true });
    if (what === 'no-webgl2') {
      OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, id: string, ...rest: unknown[]) {
        return id === 'webgl2' ? null : (originalGetContext as (...a: unknown[]) => unknown).call(this, id, ...rest);
      } as typeof originalGetContext;
    }
    if (what === 'restore') {
      delete (navigator as unknown as { gpu?: unknown }).gpu; // back to Navigator.prototype's getter
      const restored = navigatorGpu() as { requestAdapter?: unknown } | undefined;
      if (restored) delete restored.requestAdapter; // back to GPU.prototype's method
      OffscreenCanvas.prototype.getContext = originalGetContext;
    }
  },

  /** A Float16Array input (Chromium has the type): the result must be a Float16Array too. */
  float16Array: async (executionProvider: ExecutionProvider) => {
    const Float16 = (globalThis as unknown as { Float16Array?: new (values: number[]) => ArrayBufferView & { length: number } }).Float16Array;
    if (!Float16) return null;
    const backend = await onnxBackend({ executionProvider, canonical: true });
    try {
      const x = Float16 && new Float16([-1, 2, -0, Number.NaN, 0.5]);
      const y = (await backend.run(x as never)) as unknown as ArrayBufferView & { length: number };
      return { type: Object.prototype.toString.call(y), bits: Array.from(new Uint16Array(y.buffer, y.byteOffset, y.length)) };
    } finally {
      await backend.dispose();
    }
  },

  /**
   * What onnxruntime-web does WITHOUT this package's guard: an int32 Relu session under
   * executionProviders ['webgpu'] is created and runs, on the CPU (wasm) EP, without an error.
   */
  unguardedWebGpu: async (dtype: DType) => {
    const ort = await loadOrtWeb();
    const x = new Int32Array([-3, 0, 7]);
    const session = await ort.InferenceSession.create(reluModel({ dtype }), { executionProviders: ['webgpu'] });
    try {
      const out = await session.run({ X: new ort.Tensor(ORT_TENSOR_TYPE[dtype], x, [3]) });
      return Array.from(out.Y!.data as Int32Array);
    } finally {
      await session.release();
    }
  },
});

markReady();
