import { EP_OPS } from './capabilities.js';
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
    Tensor: ort.Tensor,
    createSession: (request: SessionRequest) => ort.InferenceSession.create(request.model, sessionOptions),
  };
}
