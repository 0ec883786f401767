import { BYTES_PER_ELEMENT, type BackendOps } from '@relu/core';
import { EP_OPS, WEBGPU_FLOAT16_FEATURE, WEBGPU_FLOAT16_OPS } from './capabilities.js';
import { ExecutionProviderUnavailableError, asUnavailable } from './errors.js';
import type { OrtModuleLike, Runtime, RuntimeOptions, SessionRequest } from './runtime.js';
import { sharedLockOf } from './mutex.js';
import { configureWasmThreads, markInitialized } from './runtime-wasm.js';
import { selfTest } from './self-test.js';

/** The parts of WebGPU this file touches (TypeScript's DOM lib has no WebGPU types). */
interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  readonly features: ReadonlySet<string>;
  readonly limits: Readonly<Record<string, number>>;
  readonly info?: GpuAdapterInfo;
  readonly isFallbackAdapter?: boolean;
}
interface Gpu {
  requestAdapter(options?: Record<string, unknown>): Promise<GpuAdapter | null>;
}
interface WebGpuEnv {
  webgpu: { adapter?: GpuAdapter; device?: unknown; powerPreference?: string; forceFallbackAdapter?: boolean };
}

const EP = 'webgpu';

/**
 * Probes WebGPU on every backend creation (navigator.gpu, then an adapter), and returns the
 * adapter onnxruntime-web will use: the one it already runs on, or the probed one, which is then
 * handed to it (env.webgpu.adapter) so that info names the adapter that really computes.
 */
async function adapterFor(ort: OrtModuleLike): Promise<GpuAdapter> {
  const env = ort.env as unknown as WebGpuEnv;
  const gpu = (globalThis.navigator as { gpu?: Gpu } | undefined)?.gpu;
  if (!gpu) {
    throw new ExecutionProviderUnavailableError(EP, 'navigator.gpu is undefined: this environment has no WebGPU (Chromium on Linux needs --enable-unsafe-webgpu)');
  }
  let adapter: GpuAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: env.webgpu.powerPreference, forceFallbackAdapter: env.webgpu.forceFallbackAdapter });
  } catch (error) {
    throw new ExecutionProviderUnavailableError(EP, `navigator.gpu.requestAdapter() failed: ${(error as Error).message}`);
  }
  if (!adapter) throw new ExecutionProviderUnavailableError(EP, 'navigator.gpu.requestAdapter() returned no adapter');
  if (env.webgpu.device !== undefined && env.webgpu.adapter) return env.webgpu.adapter;
  if (!env.webgpu.adapter) env.webgpu.adapter = adapter;
  return env.webgpu.adapter;
}

/**
 * 'webgpu': onnxruntime-web's WebGPU execution provider (JSEP) in a browser. Refuses to run
 * anywhere else: no adapter, an adapter other than the probed one, or any node assigned to the
 * CPU EP (session.disable_cpu_ep_fallback) throws ExecutionProviderUnavailableError.
 */
export async function loadWebGpuRuntime(loadOrt: () => Promise<OrtModuleLike>, options: RuntimeOptions): Promise<Runtime> {
  const ort = await loadOrt();
  const adapter = await adapterFor(ort);
  const threads = configureWasmThreads(ort, options.numThreads);
  const env = ort.env as unknown as WebGpuEnv;
  const info = adapter.info ?? {};
  const shaderF16 = adapter.features.has(WEBGPU_FLOAT16_FEATURE);
  const ops: BackendOps = Object.fromEntries(
    Object.entries(EP_OPS.webgpu).map(([op, dtypes]) => [op, shaderF16 && WEBGPU_FLOAT16_OPS.includes(op as never) && !dtypes.includes('float16') ? [...dtypes, 'float16'] : dtypes]),
  );
  const maxBytes = Math.min(adapter.limits.maxStorageBufferBindingSize ?? 134217728, adapter.limits.maxBufferSize ?? 268435456);
  /** The op and dtype pairs whose kernel passed the self-test on this device. */
  const verified = new Set<string>();
  return {
    executionProvider: EP,
    runtime: `onnxruntime-web ${ort.env.versions.web ?? '?'}`,
    ops,
    fixedShape: false,
    info: {
      adapter: `${info.vendor || '?'}/${info.architecture || '?'}`,
      adapterDescription: info.description || info.device || '',
      adapterFallback: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      shaderF16,
      maxStorageBufferBindingSize: maxBytes,
      threads,
    },
    sharedLock: sharedLockOf(ort),
    // One storage buffer binding per tensor; in whole vec4s, so a split never cuts a vec4.
    maxElementsPerRun: (dtype) => Math.floor(maxBytes / BYTES_PER_ELEMENT[dtype] / 4) * 4,
    Tensor: ort.Tensor,
    async createSession(request: SessionRequest) {
      let session;
      try {
        session = await ort.InferenceSession.create(request.model, {
          executionProviders: [EP],
          // onnxruntime-web otherwise assigns nodes the WebGPU EP lacks (float64, int8, int32
          // Relu) to its CPU EP without a word: make that a session-creation error instead.
          extra: { session: { disable_cpu_ep_fallback: '1' } },
        });
      } catch (error) {
        throw asUnavailable(EP, error);
      } finally {
        markInitialized(ort);
      }
      try {
        if (env.webgpu.device === undefined) {
          throw new ExecutionProviderUnavailableError(EP, 'onnxruntime-web created the session but started no WebGPU device (env.webgpu.device is unset)');
        }
        if (env.webgpu.adapter !== adapter) {
          throw new ExecutionProviderUnavailableError(EP, 'onnxruntime-web runs on another WebGPU adapter than the one this backend probed');
        }
        const kernel = `${request.op.name} ${request.dtype}`;
        if (!verified.has(kernel)) {
          await selfTest(ort, session, EP, request);
          verified.add(kernel);
        }
      } catch (error) {
        await session.release();
        throw error;
      }
      return session;
    },
  };
}
