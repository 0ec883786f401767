/**
 * The browser test page: imports the package's browser build (index.browser, as a bundler with
 * the "browser" condition would) and exposes its backends and probes to Node through
 * @relu/browser-harness.
 */
import { type Attributes, type DType, type OpName, type ReluBackend, type ReluTypedArray, arrayBits, arrayFromBits } from '@relu/core';
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

/** Backends driven with ops and attributes (the harness's remoteBackend forwards only dtype). */
const live = new Map<number, ReluBackend>();
let nextId = 1;
const liveBackend = (id: number): ReluBackend => {
  const backend = live.get(id);
  if (!backend) throw new Error(`no live backend ${id}`);
  return backend;
};

expose({
  probe: (executionProvider: ExecutionProvider, op: OpName, attributes: Attributes, dtype: DType, inputs: string[]) => probeOp(loadBrowserRuntime, executionProvider, op, attributes, dtype, inputs),

  'opBackend.create': async (options: OnnxBackendOptions) => {
    const backend = await onnxBackend(options);
    const id = nextId++;
    live.set(id, backend);
    return { id, name: backend.name, ops: backend.ops, info: backend.info };
  },
  'opBackend.run': async (id: number, op: OpName, attributes: Attributes, dtype: DType, bits: string[]) =>
    arrayBits(dtype, await liveBackend(id).run(arrayFromBits(dtype, bits), { op, attributes, dtype })),
  'opBackend.dispose': async (id: number) => {
    await liveBackend(id).dispose();
    live.delete(id);
  },

  /**
   * run() captures x at the call, in the page: x written, its buffer transferred, or a resizable
   * buffer shrunk while the run is pending; and SharedArrayBuffer-backed inputs (the page is
   * cross-origin isolated). Returns each result as numbers.
   */
  capture: async (executionProvider: ExecutionProvider) => {
    const backend = await onnxBackend({ executionProvider });
    try {
      const written = new Float32Array([-1, 2, 3, 8]);
      const first = backend.run(written, { op: 'relu6' });
      written.set([9, 9, 9, 9]);
      const transferred = new Float32Array([-2, 4]);
      const second = backend.run(transferred, { op: 'leakyRelu', attributes: { alpha: 0.5 } });
      structuredClone(transferred.buffer, { transfer: [transferred.buffer] });
      const buffer = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 32 });
      const shrunk = new Float32Array(buffer);
      shrunk.set([-1, 2, -3, 4]);
      const third = backend.run(shrunk);
      buffer.resize(0);
      const shared = new Float32Array(new SharedArrayBuffer(16));
      shared.set([-4, -0.5, 2, 8]);
      const fourth = backend.run(shared, { op: 'relu6' });
      return { written: [...(await first)], transferred: [...(await second)], shrunk: [...(await third)], shared: [...(await fourth)] };
    } finally {
      await backend.dispose();
    }
  },

  /** dispose() with runs of every op in flight: what each run settled as, then a later run. */
  disposeInFlight: async (executionProvider: ExecutionProvider) => {
    const backend = await onnxBackend({ executionProvider });
    const ops: OpName[] = ['relu', 'leakyRelu', 'relu6'];
    const inFlight = ops.flatMap((op) => [1, 2, 3].map((k) => backend.run(new Float32Array([-k, k, 7 * k]), { op }).then((y: ReluTypedArray) => [...(y as Float32Array)], (e: Error) => e.name)));
    const disposed = backend.dispose();
    const later = await backend.run(new Float32Array(1)).then(() => 'resolved', (e: Error) => e.name);
    const settled = await Promise.all(inFlight);
    await disposed;
    return { settled, later };
  },

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
