import type { EnvironmentDescription, EnvironmentFeatures, GpuStack } from '../environment.js';

/**
 * What a guest can use, measured where it runs (never assumed from the engine's name): sent to
 * the host with `ready`, so every report says which Float16Array, shared memory, workers and GPU
 * stack the results came from.
 */
export async function probeEnvironment(): Promise<EnvironmentDescription> {
  const [features, gpu] = await Promise.all([probeFeatures(), probeGpu()]);
  return { userAgent: String((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? ''), features, gpu };
}

async function probeFeatures(): Promise<EnvironmentFeatures> {
  const g = globalThis as unknown as Record<string, unknown> & { navigator?: { hardwareConcurrency?: number } };
  return {
    float16Array: typeof g.Float16Array === 'function',
    sharedArrayBuffer: typeof g.SharedArrayBuffer === 'function',
    crossOriginIsolated: g.crossOriginIsolated === true,
    webAssembly: typeof g.WebAssembly === 'object',
    workers: typeof g.Worker === 'function' ? 'Web Worker' : (await hasWorkerThreads()) ? 'worker_threads' : 'none',
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 0,
  };
}

async function hasWorkerThreads(): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers from resolving it for the browser build.
    const specifier = 'node:worker_threads';
    const module = (await import(/* @vite-ignore */ specifier)) as { Worker?: unknown };
    return typeof module.Worker === 'function';
  } catch {
    return false;
  }
}

const WEBGPU_TIMEOUT_MS = 10_000;

async function probeGpu(): Promise<GpuStack> {
  return { webgl: probeWebGl(), webgpu: await probeWebGpu() };
}

function probeWebGl(): GpuStack['webgl'] {
  const g = globalThis as { document?: { createElement(tag: 'canvas'): HTMLCanvasElement }; OffscreenCanvas?: typeof OffscreenCanvas };
  const canvas = g.document?.createElement('canvas') ?? (g.OffscreenCanvas ? new g.OffscreenCanvas(1, 1) : undefined);
  if (!canvas) return { available: false, reason: 'no canvas here (neither document nor OffscreenCanvas)' };
  let gl: WebGL2RenderingContext | WebGLRenderingContext | null = null;
  try {
    gl = (canvas.getContext('webgl2') as WebGL2RenderingContext | null) ?? (canvas.getContext('webgl') as WebGLRenderingContext | null);
  } catch (error) {
    return { available: false, reason: `getContext threw: ${(error as Error).message}` };
  }
  if (!gl) return { available: false, reason: "getContext('webgl2') and getContext('webgl') returned null" };
  // Firefox deprecates WEBGL_debug_renderer_info but its RENDERER is already the unmasked string.
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const result = {
    available: true as const,
    version: String(gl.getParameter(gl.VERSION)),
    vendor: String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
    renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
  };
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return result;
}

/** The little of WebGPU read here (this package does not depend on @webgpu/types). */
interface AdapterLike {
  readonly features: Iterable<unknown>;
  readonly info?: AdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<AdapterInfoLike>;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

async function probeWebGpu(): Promise<GpuStack['webgpu']> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return { available: false, reason: 'navigator.gpu is absent' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const adapter = await Promise.race([
      gpu.requestAdapter(),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), WEBGPU_TIMEOUT_MS))),
    ]);
    if (adapter === 'timeout') return { available: false, reason: `requestAdapter() did not settle within ${WEBGPU_TIMEOUT_MS / 1000} s` };
    if (!adapter) return { available: false, reason: 'requestAdapter() returned null' };
    const info: AdapterInfoLike = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    return {
      available: true,
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      fallbackAdapter: adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? false,
      features: [...adapter.features].map(String).sort(),
    };
  } catch (error) {
    return { available: false, reason: `requestAdapter() threw: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
