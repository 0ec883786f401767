import type { SubjectProfile } from '@relu/conformance';

/**
 * The baselines that bound each case: what its call cannot avoid doing, timed in the same rounds
 * as the case so that "how far from its floor" is a ratio measured side by side. The names are
 * those of the baseline cases (cases/baselines.ts, cases/onnx-session.ts).
 */
export const FLOOR = {
  /** `y.set(x)`: the copy every figure is a ratio to, here as a named row. */
  copy: 'y.set(x)',
  /** `x.slice()`: a new array with the same bytes, the floor of any call that returns a new array. */
  slice: 'x.slice()',
  /** `await (async () => x.slice())()`: the floor of any `run()`, which returns a promise of a new array. */
  asyncSlice: 'async x.slice()',
  /** `new T(n)`, copy into wasm memory, copy out: the memory traffic of a wasm `run()`. */
  wasmTraffic: 'new + copy in + copy out',
  /** onnxruntime's own `session.run` on the same one-node model, per execution provider. */
  sessionRun: (executionProvider: string) => `ort session.run ${executionProvider}`,
  /** x uploaded to a GPU buffer and read back into a new array, no kernel (cases/gpu-round-trip.ts). */
  webgpuRoundTrip: 'webgpu upload + readback',
  /** x uploaded to an integer texture and read back with readPixels into a new array, no draw. */
  webglRoundTrip: 'webgl upload + readback',
} as const;

/** The GPU round trips: a GPU subject's run() against one of them is the GPU section's end-to-end figure. */
export const GPU_ROUND_TRIPS: readonly string[] = [FLOOR.webgpuRoundTrip, FLOOR.webglRoundTrip];

export function isGpuRoundTrip(baseline: string): boolean {
  return GPU_ROUND_TRIPS.includes(baseline);
}

/** The round trip of the GPU API an onnxruntime-web execution provider runs on. */
const PROVIDER_ROUND_TRIP: Readonly<Record<string, string>> = { webgpu: FLOOR.webgpuRoundTrip, webgl: FLOOR.webglRoundTrip };

const GPU_REASON = (api: string) =>
  `run() uploads x, runs on the GPU and reads the result back into a new array: a plain ${api} upload + readback of the same bytes (no kernel) bounds it, and is what issue 10 measures run() against`;

/**
 * Floors beyond the async-run floor, by adapter, each with the reason it bounds that adapter's
 * run(). Data rather than a test on names: a new subject on an adapter gets its floors here.
 */
const ADAPTER_FLOORS: Readonly<Record<string, { readonly floors: (options: Record<string, unknown>) => readonly string[]; readonly reason: string }>> = {
  wasm: {
    floors: () => [FLOOR.wasmTraffic],
    reason: 'run() allocates the output, copies x into WebAssembly memory and the result out of it: that memory traffic bounds it at every size',
  },
  onnx: {
    floors: (options) => {
      const provider = options.executionProvider;
      if (typeof provider !== 'string') return [];
      const roundTrip = PROVIDER_ROUND_TRIP[provider];
      return [FLOOR.sessionRun(provider), ...(roundTrip ? [roundTrip] : [])];
    },
    reason:
      "run() is onnxruntime's session.run plus the wrapper (input checks, canonical repair): the raw session.run on the same model bounds it (timed in Node, where onnxruntime-node and the wasm build load); on webgpu and webgl also the GPU round trip of that API",
  },
  webgpu: { floors: () => [FLOOR.webgpuRoundTrip], reason: GPU_REASON('WebGPU') },
  webgl: { floors: () => [FLOOR.webglRoundTrip], reason: GPU_REASON('WebGL2') },
  'tfjs-webgpu': { floors: () => [FLOOR.webgpuRoundTrip], reason: GPU_REASON('WebGPU') },
  'tfjs-webgl': { floors: () => [FLOOR.webglRoundTrip], reason: GPU_REASON('WebGL2') },
};

/** The baselines a subject's run() is timed against: the async-run floor, then its adapter's floors. */
export function subjectFloors(profile: SubjectProfile): string[] {
  const options = (profile.options ?? {}) as Record<string, unknown>;
  return [FLOOR.asyncSlice, ...(ADAPTER_FLOORS[profile.adapter]?.floors(options) ?? [])];
}

/** Why each adapter has the floors it has, for the report. */
export function floorReasons(): { adapter: string; reason: string }[] {
  return Object.entries(ADAPTER_FLOORS).map(([adapter, { reason }]) => ({ adapter, reason }));
}
