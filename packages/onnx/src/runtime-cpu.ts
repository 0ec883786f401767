import { EP_OPS } from './capabilities.js';
import type { ReluTypedArray } from '@relu/core';
import { type OrtModuleLike, type Runtime, type RuntimeOptions, type SessionRequest, moduleOf } from './runtime.js';

/**
 * 'cpu': onnxruntime-node's CPU execution provider (native, Node only). Loaded with a dynamic
 * import so that nothing else in the package pulls onnxruntime-node in.
 */
export async function loadCpuRuntime(options: RuntimeOptions): Promise<Runtime> {
  const ort = moduleOf<OrtModuleLike>(await import('onnxruntime-node'), 'InferenceSession');
  const sessionOptions: Record<string, unknown> = {
    executionProviders: ['cpu'],
    ...(options.numThreads === undefined ? {} : { intraOpNumThreads: options.numThreads, interOpNumThreads: 1 }),
  };
  return {
    executionProvider: 'cpu',
    runtime: `onnxruntime-node ${ort.env.versions.node ?? '?'}`,
    ops: EP_OPS.cpu,
    fixedShape: false,
    info: { threads: options.numThreads ?? 'onnxruntime default (one per core)' },
    // onnxruntime-node runs a session synchronously inside a setImmediate callback, so two runs
    // never overlap even on one session; a per-session lock keeps that true if it ever changes.
    sharedLock: undefined,
    maxElementsPerRun: () => Number.POSITIVE_INFINITY,
    Tensor: withFloat16AsUint16(ort.Tensor),
    createSession: (request: SessionRequest) => ort.InferenceSession.create(request.model, sessionOptions),
  };
}

/**
 * Where the runtime has Float16Array (Node 24+, Bun, Deno), onnxruntime-common 1.30 makes every
 * float16 tensor's data a Float16Array view, even of a Uint16Array, and onnxruntime-node's native
 * binding cannot read one (Node-API has no float16 typed array: "not enough space: expected
 * 131072, got 0"). The binding reads the tensor's `data`, so each float16 tensor gets a Uint16Array
 * view of the same bytes as its own `data`.
 */
function withFloat16AsUint16(Tensor: OrtModuleLike['Tensor']): OrtModuleLike['Tensor'] {
  return function float16SafeTensor(type: string, data: ReluTypedArray, dims: readonly number[]) {
    const tensor = new Tensor(type, data, dims) as { data?: unknown };
    const stored = tensor.data;
    if (type === 'float16' && ArrayBuffer.isView(stored) && !(stored instanceof Uint16Array)) {
      Object.defineProperty(tensor, 'data', { value: new Uint16Array(stored.buffer, stored.byteOffset, stored.byteLength / 2), enumerable: true });
    }
    return tensor;
  } as unknown as OrtModuleLike['Tensor'];
}
