import type { GpuStack, RemoteEnvironment, Tier } from '@relu/browser-harness';
import { describeEnvironment } from '@relu/browser-harness';

/**
 * Where a figure was measured: one runtime or browser, in one JIT tier. Every figure is a ratio
 * to a copy timed in the same environment, so figures of two environments are compared as ratios
 * only, never as times.
 */
export interface BenchEnvironment {
  /** The name `--runtimes` selects it by: 'node20', 'bun', 'deno', 'chromium', 'firefox', 'webkit'. */
  readonly name: string;
  readonly kind: 'runtime' | 'browser';
  /** For reports: 'Node 20.20.2', 'Bun 1.4.5', 'Chromium 156.0.7727.55'. */
  readonly label: string;
  /** The runtime's or browser's version. */
  readonly version: string;
  /** 'V8 11.3.244.8-node.38', 'JavaScriptCore WebKit d6375c72affe', 'SpiderMonkey (Firefox 153.8.0esr)'. */
  readonly engine: string;
  readonly tier: Tier;
  /** What WebGPU and WebGL run on there, or 'none'; and whether that is a software rasteriser. */
  readonly gpu: BenchGpu;
}

/** What WebGPU and WebGL ran on in an environment. */
export interface BenchGpu {
  readonly webgpu: GpuApiStack;
  readonly webgl: GpuApiStack;
}

export interface GpuApiStack {
  /** The adapter or renderer as the environment names it, or 'none'. */
  readonly on: string;
  /**
   * 'software': a CPU implementation (SwiftShader, llvmpipe, lavapipe, a fallback adapter), whose
   * figures say nothing about a real GPU; 'masked': the browser names no renderer (WebKit says
   * "Apple GPU" on every machine), so which it is is unknown; 'gpu': a name of neither kind;
   * 'none': the API is absent.
   */
  readonly kind: 'software' | 'masked' | 'gpu' | 'none';
}

/**
 * The CPU implementations of GPU APIs met on these machines and in CI: their figures say nothing
 * about a real GPU, and the report says so next to every GPU figure and goal.
 */
const SOFTWARE_RASTERISERS = /SwiftShader|llvmpipe|lavapipe|softpipe|Microsoft Basic Render|WARP/i;
/** Names a browser gives instead of the renderer's (privacy): WebKit reports "Apple GPU" on Linux too. */
const MASKED_NAMES = /^Apple GPU$/;

const NO_GPU: BenchGpu = { webgpu: { on: 'none', kind: 'none' }, webgl: { on: 'none', kind: 'none' } };

function apiStack(on: string | undefined, fallbackAdapter = false): GpuApiStack {
  if (on === undefined) return { on: 'none', kind: 'none' };
  // A fallback adapter is a CPU implementation by definition (WebGPU spec, isFallbackAdapter).
  if (fallbackAdapter || SOFTWARE_RASTERISERS.test(on)) return { on, kind: 'software' };
  return { on, kind: MASKED_NAMES.test(on) ? 'masked' : 'gpu' };
}

/** The GPU stack a guest measured, as the bench reports it. */
export function benchGpu(stack: GpuStack): BenchGpu {
  const { webgpu, webgl } = stack;
  const adapter = webgpu.available ? [webgpu.vendor, webgpu.architecture, webgpu.description || webgpu.device].filter(Boolean).join(' / ') || (webgpu.fallbackAdapter ? 'fallback adapter' : 'unnamed adapter') : undefined;
  return { webgpu: apiStack(adapter, webgpu.available && webgpu.fallbackAdapter), webgl: apiStack(webgl.available ? webgl.renderer : undefined) };
}

/** Why a GPU figure of this stack says little, for goals and tables; undefined for a GPU that is named as one. */
export function gpuCaveat(stack: GpuApiStack): string | undefined {
  if (stack.kind === 'software') return `software rasteriser (${stack.on}): the GPU is emulated on the CPU, so this says nothing about a real GPU`;
  if (stack.kind === 'masked') return `the browser masks its renderer ("${stack.on}"): whether this ran on a GPU or a software rasteriser is unknown`;
  return undefined;
}

/** A guest the harness opened (a child runtime or a page). */
export function remoteBenchEnvironment(environment: RemoteEnvironment): BenchEnvironment {
  return {
    name: environment.name,
    kind: environment.kind,
    label: environment.label,
    version: environment.version,
    engine: String(describeEnvironment(environment).engine),
    tier: environment.tier,
    gpu: benchGpu(environment.gpu),
  };
}

/** This Node process, measuring in place under the name of the runtime it is (the machine's Node 20: 'node20'). */
export function processBenchEnvironment(name: string, label: string): BenchEnvironment {
  return { name, kind: 'runtime', label, version: process.versions.node, engine: `V8 ${process.versions.v8}`, tier: 'optimized', gpu: NO_GPU };
}

/** The profiles' `environment` each kind of place runs: server runtimes the Node subjects, browsers the page's. */
export const PROFILE_ENVIRONMENT: Readonly<Record<BenchEnvironment['kind'], 'node' | 'browser'>> = { runtime: 'node', browser: 'browser' };
