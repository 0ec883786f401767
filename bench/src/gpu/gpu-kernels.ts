import type { OpName } from '@relu/core';
import { measureKernelVsCopy as measureWebGLKernel } from '@relu/webgl';
import { measureKernelVsCopy as measureWebGpuKernel } from '@relu/webgpu';
import type { BenchEnvironment } from '../environment.js';
import { type WhereMeasured, whereMeasured } from '../run-benchmarks.js';
import { webgl2Context } from './webgl-context.js';

/**
 * The GPU section's on-GPU figures (issue 10): each GPU package's kernel alone, input buffer or
 * texture to output, as a ratio to a copy of the same bytes on the same device in the same run,
 * measured by the package's own measureKernelVsCopy (which times both back to back per round and
 * says how: GPU timestamps where the adapter has them, else queue completion or a synchronising
 * readPixels). Page only.
 */
export interface GpuKernelFigure extends WhereMeasured {
  /** The conformance subject of the package ('webgpu', 'webgl'), for --backends and its profile's cap. */
  readonly subject: string;
  readonly package: string;
  readonly op: OpName;
  readonly dtype: 'float32';
  readonly size: number;
  /** How the times were taken: 'timestamp-query', 'queue-completion', 'EXT_disjoint_timer_query_webgl2', 'readPixels-sync'. */
  readonly method: string;
  /** The adapter or renderer the package ran on. */
  readonly gpu: string;
  readonly kernelMs: number;
  /** The API's own copy of the same bytes (WebGPU's copyBufferToBuffer): copy time / kernel time. Absent where the API has no such copy. */
  readonly copy?: { readonly name: string; readonly ms: number; readonly ratio: number };
  /** A compute shader or draw that only copies the same words: copy-shader time / kernel time (1 = the op costs nothing beyond moving the words). */
  readonly copyShaderMs: number;
  readonly ratioToCopyShader: number;
  /** Kernel runs per timed batch. */
  readonly iterations: number;
}

type Measured = Omit<GpuKernelFigure, keyof WhereMeasured | 'subject' | 'package' | 'op' | 'dtype' | 'size'>;

interface GpuKernelPackage {
  readonly package: string;
  /** Why this package's kernel cannot be measured here, or undefined when it can. */
  readonly unavailable: () => string | undefined;
  readonly measure: (options: { op: OpName; length: number; rounds: number }) => Promise<Measured>;
}

const navigatorGpu = () => (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;

let sharedGl: WebGL2RenderingContext | null | undefined;
/** One context for every WebGL figure: browsers keep only a few live contexts and lose the oldest. */
function webglContext(): WebGL2RenderingContext | null {
  if (sharedGl === undefined) sharedGl = webgl2Context();
  return sharedGl;
}

/** Each GPU package by its subject's name; adding a GPU package is one entry. */
const GPU_KERNEL_PACKAGES: Readonly<Record<string, GpuKernelPackage>> = {
  webgpu: {
    package: '@relu/webgpu',
    unavailable: () => (navigatorGpu() ? undefined : 'no navigator.gpu here'),
    measure: async ({ op, length, rounds }) => {
      const m = await measureWebGpuKernel({ dtype: 'float32', op, length, rounds });
      return {
        method: m.method,
        gpu: m.adapter,
        kernelMs: m.kernelMs,
        copy: { name: 'copyBufferToBuffer', ms: m.copyMs, ratio: m.ratioToCopy },
        copyShaderMs: m.copyShaderMs,
        ratioToCopyShader: m.ratioToCopyShader,
        iterations: m.iterations,
      };
    },
  },
  webgl: {
    package: '@relu/webgl',
    unavailable: () => (webglContext() ? undefined : "no WebGL2 context here (getContext('webgl2') gave null on an OffscreenCanvas and a canvas)"),
    // WebGL2 has no copy between integer textures outside a draw: the copy shader is the copy.
    measure: async ({ op, length, rounds }) => {
      const m = await measureWebGLKernel({ dtype: 'float32', op, length, rounds, gl: webglContext()! });
      return { method: m.method, gpu: m.renderer, kernelMs: m.kernelMs, copyShaderMs: m.copyShaderMs, ratioToCopyShader: m.ratioToCopyShader, iterations: m.iterations };
    },
  },
};

export interface GpuKernelRequest {
  readonly environment: BenchEnvironment;
  /** The selected subjects, each with the largest size its profile allows; those of a GPU package are measured. */
  readonly subjects: readonly { readonly name: string; readonly maxElements: number }[];
  readonly ops: readonly OpName[];
  readonly sizes: readonly number[];
  readonly rounds: number;
}

export interface GpuKernelProgress {
  readonly backend: string;
  readonly op: OpName;
  readonly size: number;
  readonly done: number;
  readonly total: number;
}

/** Every GPU package's kernel at every op and size asked, one after the other; what cannot run is a note. */
export async function measureGpuKernels(request: GpuKernelRequest, onProgress?: (progress: GpuKernelProgress) => void): Promise<{ figures: GpuKernelFigure[]; notes: string[] }> {
  const where = whereMeasured(request.environment);
  const figures: GpuKernelFigure[] = [];
  const notes: string[] = [];
  const work = request.subjects.flatMap(({ name, maxElements }) => {
    const gpu = GPU_KERNEL_PACKAGES[name];
    if (!gpu) return [];
    const why = gpu.unavailable();
    if (why) {
      notes.push(`${gpu.package} kernel not measured: ${why}`);
      return [];
    }
    return request.ops.flatMap((op) => request.sizes.filter((size) => size <= maxElements).map((size) => ({ name, gpu, op, size })));
  });
  let done = 0;
  const failed = new Set<string>();
  for (const { name, gpu, op, size } of work) {
    onProgress?.({ backend: `${name} kernel`, op, size, done: done++, total: work.length });
    if (failed.has(`${name}/${op}`)) continue;
    try {
      const measured = await gpu.measure({ op, length: size, rounds: request.rounds });
      figures.push({ ...where, subject: name, package: gpu.package, op, dtype: 'float32', size, ...measured });
    } catch (error) {
      failed.add(`${name}/${op}`);
      notes.push(`${gpu.package} ${op} kernel n=${size} not measured: ${(error as Error).message}`);
    }
  }
  return { figures, notes };
}
