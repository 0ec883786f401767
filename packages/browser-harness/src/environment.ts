/**
 * One interface for every place relu code runs away from the harness: a page in Chromium,
 * Firefox or WebKit, or a child process of Node 20-26, Bun or Deno. Tests, the conformance suite
 * and the bench drive all of them through `call()` and `remoteBackend()`, with no per-engine code.
 */

/** The JavaScript engine family, for deviations scoped to engines. */
export type EngineFamily = 'V8' | 'JavaScriptCore' | 'SpiderMonkey';

/**
 * 'optimized': the engine as users run it (every tier on). 'cold': the optimizing tiers off from
 * the start, so results of JavaScript code do not change when a tier takes over mid-run (see the
 * launchers' tier data for the flags, and README for what each one was seen to do).
 */
export type Tier = 'optimized' | 'cold';

export const TIERS: readonly Tier[] = ['optimized', 'cold'];

/** What the guest itself found, measured in the guest at startup. */
export interface EnvironmentFeatures {
  readonly float16Array: boolean;
  readonly sharedArrayBuffer: boolean;
  /** globalThis.crossOriginIsolated where defined (pages), else false. */
  readonly crossOriginIsolated: boolean;
  readonly webAssembly: boolean;
  /** 'Web Worker' (a Worker global), 'worker_threads' (Node's module, also Bun and Deno), or 'none'. */
  readonly workers: 'Web Worker' | 'worker_threads' | 'none';
  readonly hardwareConcurrency: number;
}

/** A GPU API the guest can use, or why it cannot. */
export type GpuApi<T> = ({ readonly available: true } & T) | { readonly available: false; readonly reason: string };

/** The GPU stack the guest sees (software renderers included: SwiftShader, llvmpipe, lavapipe). */
export interface GpuStack {
  readonly webgl: GpuApi<{ readonly version: string; readonly vendor: string; readonly renderer: string }>;
  readonly webgpu: GpuApi<{
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    readonly fallbackAdapter: boolean;
    readonly features: readonly string[];
  }>;
}

/** What the guest reports when it is ready. */
export interface EnvironmentDescription {
  readonly userAgent: string;
  readonly features: EnvironmentFeatures;
  readonly gpu: GpuStack;
}

export interface RemoteEnvironment {
  readonly kind: 'browser' | 'runtime';
  /** The name callers select it by: 'chromium', 'firefox', 'webkit', 'node22', 'bun', 'deno'... */
  readonly name: string;
  /** For reports: 'Firefox 153.8.0esr', 'Node 22.23.5', 'Bun 1.4.5'. */
  readonly label: string;
  /** The browser's or runtime's version. */
  readonly version: string;
  readonly engine: EngineFamily;
  /** The engine's own version where the environment tells it ('12.4.254.21-node.57'), else the browser's. */
  readonly engineVersion: string;
  readonly tier: Tier;
  readonly userAgent: string;
  readonly features: EnvironmentFeatures;
  readonly gpu: GpuStack;
  /** Calls a function the guest exposed; its errors are rethrown with their classes rebuilt. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** console.error calls, uncaught errors and unhandled rejections seen in the guest so far. */
  errors(): readonly string[];
  close(): Promise<void>;
}

/** The facts of an environment as plain data, for ReluBackend.info, --json reports and matrices. */
export function describeEnvironment(environment: RemoteEnvironment): Readonly<Record<string, string | number | boolean>> {
  const { webgl, webgpu } = environment.gpu;
  return {
    environment: environment.label,
    environmentName: environment.name,
    // A browser does not tell its engine's own version: name the browser build instead.
    engine: environment.kind === 'browser' ? `${environment.engine} (${environment.label})` : `${environment.engine} ${environment.engineVersion}`,
    tier: environment.tier,
    float16Array: environment.features.float16Array,
    webgl: webgl.available ? webgl.renderer : 'none',
    // Firefox names no vendor or architecture (privacy): say at least whether it is a fallback (software) adapter.
    webgpu: webgpu.available ? (webgpu.vendor || webgpu.architecture ? `${webgpu.vendor}/${webgpu.architecture}` : webgpu.fallbackAdapter ? 'fallback adapter' : 'unnamed adapter') : 'none',
  };
}
