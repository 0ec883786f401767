import { EP_OPS } from './capabilities.js';
import { asUnavailable } from './errors.js';
import { sharedLockOf } from './mutex.js';
import type { OrtModuleLike, Runtime, RuntimeOptions, SessionRequest } from './runtime.js';

interface WasmEnv {
  wasm: { numThreads?: number; proxy?: boolean };
}

/** True once onnxruntime-web has instantiated its wasm (after which env.wasm settings are frozen). */
const initialized = new WeakSet<object>();

/**
 * Applies the thread count before onnxruntime-web instantiates its wasm; the first backend of an
 * onnxruntime-web instance decides it. Default 1: ReLU is memory-bound and 2 threads measured
 * slower than 1 here, and a bundled page then needs no pthread workers.
 */
export function configureWasmThreads(ort: OrtModuleLike, numThreads: number | undefined): number {
  const env = ort.env as unknown as WasmEnv;
  if (!initialized.has(ort)) {
    if (numThreads !== undefined) env.wasm.numThreads = numThreads;
    else if (env.wasm.numThreads === undefined) env.wasm.numThreads = 1;
  }
  return env.wasm.numThreads ?? 1;
}

export function markInitialized(ort: OrtModuleLike): void {
  initialized.add(ort);
}

/**
 * 'wasm': onnxruntime-web's CPU kernels compiled to WebAssembly, in Node (its node build) or in a
 * browser (its bundle, which fetches ort-wasm-simd-threaded.jsep.wasm beside the page's script).
 */
export async function loadWasmRuntime(loadOrt: () => Promise<OrtModuleLike>, options: RuntimeOptions): Promise<Runtime> {
  const ort = await loadOrt();
  const threads = configureWasmThreads(ort, options.numThreads);
  return {
    executionProvider: 'wasm',
    runtime: `onnxruntime-web ${ort.env.versions.web ?? '?'}`,
    ops: EP_OPS.wasm,
    fixedShape: false,
    info: { threads },
    sharedLock: sharedLockOf(ort),
    maxElementsPerRun: () => Number.POSITIVE_INFINITY,
    Tensor: ort.Tensor,
    async createSession(request: SessionRequest) {
      try {
        return await ort.InferenceSession.create(request.model, { executionProviders: ['wasm'] });
      } catch (error) {
        throw asUnavailable('wasm', error);
      } finally {
        markInitialized(ort);
      }
    },
  };
}
