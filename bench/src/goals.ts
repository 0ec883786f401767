import { OP_NAMES, type OpName } from '@relu/core';
import { type BenchEnvironment, gpuCaveat } from './environment.js';
import { formatMicroseconds, formatSize } from './figures.js';
import { FLOOR, isGpuRoundTrip } from './floors.js';
import type { GpuKernelFigure } from './gpu/gpu-kernels.js';
import type { BenchResult } from './run-benchmarks.js';

/**
 * The speed goals of issues 13, 11 and 10, as data, each read from figures measured in the same
 * run and environment: a case against one of its floors (timed in the same rounds), one op against
 * ReLU on the same case (both as ratios to the copy timed next to each), a GPU package's kernel
 * against a copy on the same device, or a GPU backend against the GPU peers. float32 only.
 */
type Goal =
  | {
      readonly kind: 'floor';
      readonly title: string;
      readonly backend: string;
      readonly floor: string;
      /** Sizes checked: every measured size in [min, max]. */
      readonly sizes: readonly [min: number, max: number];
      /** The case's time may be at most this multiple of the floor's. */
      readonly within: number;
      /** The ops checked (default ReLU only). */
      readonly ops?: readonly OpName[];
      /** The GPU API the figures ran on, for the software-rasteriser caveat. */
      readonly gpu?: GpuApi;
    }
  | {
      /** Reported side by side, no bound: the case and its floor per call. */
      readonly kind: 'beside';
      readonly title: string;
      readonly backend: string;
      readonly floor: string;
      readonly sizes: readonly [min: number, max: number];
    }
  | {
      readonly kind: 'op';
      readonly title: string;
      readonly backend: string;
      readonly ops: readonly OpName[];
      readonly sizes: readonly number[];
      /** The op's time may be at most this multiple of ReLU's on the same case. */
      readonly within: number;
    }
  | {
      /** A GPU package's kernel against a copy of the same bytes on the same device (gpu/gpu-kernels.ts). */
      readonly kind: 'gpu-kernel';
      readonly title: string;
      readonly subject: string;
      readonly against: 'copy' | 'copy shader';
      /** The kernel's time may be at most this multiple of the copy's, at every measured size >= minSize, every op. */
      readonly within: number;
      readonly minSize: number;
      readonly gpu: GpuApi;
    }
  | {
      /** Faster (higher ratio to the copy) than every GPU peer at every size >= minSize, every op both run. */
      readonly kind: 'gpu-peers';
      readonly title: string;
      readonly backend: string;
      readonly minSize: number;
      readonly gpu: GpuApi;
    };

type GpuApi = 'webgpu' | 'webgl';

/** This repository's GPU backends: every other subject bounded by a GPU round trip is a GPU peer. */
const OWN_GPU_BACKENDS: readonly string[] = ['webgpu', 'webgl'];
/** Issue 10: "faster than every GPU peer at every size >= 1e4"; the kernel and run() goals from the same size (below it a dispatch costs more than the work). */
const GPU_MIN_SIZE = 1e4;

export const GOALS: readonly Goal[] = [
  { kind: 'floor', title: 'relu(x, { out }) at n = 1 within 3x of y.set(x)', backend: 'core-into', floor: FLOOR.copy, sizes: [1, 1], within: 3 },
  { kind: 'floor', title: 'relu(x) at n = 1 within 3x of x.slice()', backend: 'core-new-array', floor: FLOOR.slice, sizes: [1, 1], within: 3 },
  { kind: 'floor', title: 'await coreBackend.run(x) at n = 1 within 2x of the minimal async run', backend: 'core', floor: FLOOR.asyncSlice, sizes: [1, 1], within: 2 },
  { kind: 'floor', title: 'await wasmBackend().run(x) at n = 1 within 2x of the minimal async run', backend: 'wasm', floor: FLOOR.asyncSlice, sizes: [1, 1], within: 2 },
  { kind: 'floor', title: 'wasm run() at 1e3..1e6 within 1.3x of new + copy in + copy out', backend: 'wasm', floor: FLOOR.wasmTraffic, sizes: [1e3, 1e6], within: 1.3 },
  { kind: 'beside', title: "onnx-cpu's one-shot call next to onnxruntime's session.run", backend: 'onnx-cpu', floor: FLOOR.sessionRun('cpu'), sizes: [1, 1] },
  { kind: 'beside', title: "onnx-cpu-canonical's one-shot call next to onnxruntime's session.run", backend: 'onnx-cpu-canonical', floor: FLOOR.sessionRun('cpu'), sizes: [1, 1] },
  // x into out: leakyRelu cannot be timed in place on the same data (see cases/wasm-zero-copy.ts).
  { kind: 'op', title: 'wasm zero-copy (x into out) leakyRelu and relu6 within 10% of its relu at 1e6 and 1.6e7', backend: 'wasm-zero-copy-into', ops: ['leakyRelu', 'relu6'], sizes: [1e6, 1.6e7], within: 1.1 },
  { kind: 'op', title: 'wasm run() leakyRelu and relu6 within 10% of its relu at 1e6 and 1.6e7', backend: 'wasm', ops: ['leakyRelu', 'relu6'], sizes: [1e6, 1.6e7], within: 1.1 },
  { kind: 'op', title: 'core-into leakyRelu and relu6 within 1.5x of its relu at 1e6 and 1.6e7', backend: 'core-into', ops: ['leakyRelu', 'relu6'], sizes: [1e6, 1.6e7], within: 1.5 },
  { kind: 'op', title: 'core run() leakyRelu and relu6 within 1.5x of its relu at 1e6 and 1.6e7', backend: 'core', ops: ['leakyRelu', 'relu6'], sizes: [1e6, 1.6e7], within: 1.5 },
  // Issue 10.
  { kind: 'gpu-kernel', title: '@relu/webgpu kernel within 1.25x of copyBufferToBuffer of the same bytes, every op, n >= 1e4', subject: 'webgpu', against: 'copy', within: 1.25, minSize: GPU_MIN_SIZE, gpu: 'webgpu' },
  // WebGL2 has no copy between integer textures outside a draw: its copy is a copy shader.
  { kind: 'gpu-kernel', title: '@relu/webgl kernel within 1.25x of a copy shader over the same texels, every op, n >= 1e4', subject: 'webgl', against: 'copy shader', within: 1.25, minSize: GPU_MIN_SIZE, gpu: 'webgl' },
  { kind: 'floor', title: '@relu/webgpu run() within 1.1x of a WebGPU upload + readback, every op, n >= 1e4', backend: 'webgpu', floor: FLOOR.webgpuRoundTrip, sizes: [GPU_MIN_SIZE, Infinity], within: 1.1, ops: OP_NAMES, gpu: 'webgpu' },
  { kind: 'floor', title: '@relu/webgl run() within 1.1x of a WebGL upload + readback, every op, n >= 1e4', backend: 'webgl', floor: FLOOR.webglRoundTrip, sizes: [GPU_MIN_SIZE, Infinity], within: 1.1, ops: OP_NAMES, gpu: 'webgl' },
  { kind: 'gpu-peers', title: '@relu/webgpu run() faster than every GPU peer (onnxruntime-web webgpu/webgl, tfjs webgpu/webgl) at every size >= 1e4', backend: 'webgpu', minSize: GPU_MIN_SIZE, gpu: 'webgpu' },
  { kind: 'gpu-peers', title: '@relu/webgl run() faster than every GPU peer (onnxruntime-web webgpu/webgl, tfjs webgpu/webgl) at every size >= 1e4', backend: 'webgl', minSize: GPU_MIN_SIZE, gpu: 'webgl' },
];

export interface GoalOutcome {
  readonly title: string;
  /** The environment the figures come from ('node20', 'chromium'). */
  readonly environment: string;
  /** 'reported' for a side-by-side figure with no bound. */
  readonly status: 'met' | 'not met' | 'not measured' | 'reported';
  /** The figures behind the status, or why nothing was measured. */
  readonly detail: string;
  /** Why the verdict says little: the GPU figures came from a software rasteriser. */
  readonly caveat?: string;
}

/** What the GPU goals read besides the figures: the kernels and each environment's GPU stack. */
export interface GoalInputs {
  readonly gpuKernels?: readonly GpuKernelFigure[];
  readonly environments?: readonly BenchEnvironment[];
}

const times = (value: number) => `${value.toFixed(2)}x`;
const NOWHERE = 'none';

/** The caveat of a GPU goal measured on a software rasteriser (SwiftShader, llvmpipe, lavapipe) or a masked renderer. */
function softwareCaveat(gpu: GpuApi | undefined, environment: string, inputs: GoalInputs): string | undefined {
  const stack = gpu === undefined ? undefined : inputs.environments?.find((e) => e.name === environment)?.gpu[gpu];
  return stack ? gpuCaveat(stack) : undefined;
}

function withCaveat(outcome: Omit<GoalOutcome, 'caveat'>, caveat: string | undefined): GoalOutcome {
  return caveat && outcome.status !== 'not measured' ? { ...outcome, caveat } : outcome;
}

function floorOutcomes(goal: Extract<Goal, { kind: 'floor' | 'beside' }>, results: readonly BenchResult[], inputs: GoalInputs): GoalOutcome[] {
  const ops = (goal.kind === 'floor' ? goal.ops : undefined) ?? ['relu'];
  const rows = results.filter((r) => r.backend === goal.backend && r.dtype === 'float32' && r.op !== null && ops.includes(r.op) && r.size >= goal.sizes[0] && r.size <= goal.sizes[1]);
  const environments = [...new Set(rows.map((r) => r.environment))];
  const range = `${formatSize(goal.sizes[0])}${goal.sizes[1] === goal.sizes[0] ? '' : goal.sizes[1] === Infinity ? ' and up' : `..${formatSize(goal.sizes[1])}`}`;
  if (environments.length === 0) {
    return [{ title: goal.title, environment: NOWHERE, status: 'not measured', detail: `no float32 ${ops.join('/')} figure of ${goal.backend} at n = ${range}` }];
  }
  return environments.map((environment) => {
    const checked = rows
      .filter((r) => r.environment === environment)
      .map((r) => ({ r, floor: r.floors.find((f) => f.baseline === goal.floor) }))
      .filter((c) => c.floor !== undefined);
    if (checked.length === 0) return { title: goal.title, environment, status: 'not measured' as const, detail: `${goal.floor} was not timed beside ${goal.backend}` };
    const detail = checked
      .map(
        ({ r, floor }) =>
          `${ops.length > 1 ? `${r.op} ` : ''}n=${formatSize(r.size)}: ${times(floor!.times)} (median of the rounds' ratios; rounds ${times(floor!.spread.min)}-${times(floor!.spread.max)}; medians ${formatMicroseconds(r.medianSeconds)} and ${formatMicroseconds(floor!.baselineSeconds)})`,
      )
      .join('; ');
    if (goal.kind === 'beside') return { title: goal.title, environment, status: 'reported' as const, detail };
    const met = checked.every(({ floor }) => floor!.times <= goal.within);
    return withCaveat({ title: goal.title, environment, status: met ? 'met' : 'not met', detail }, softwareCaveat(goal.gpu, environment, inputs));
  });
}

function opOutcomes(goal: Extract<Goal, { kind: 'op' }>, results: readonly BenchResult[]): GoalOutcome[] {
  const rows = results.filter((r) => r.backend === goal.backend && r.dtype === 'float32' && goal.sizes.includes(r.size));
  const environments = [...new Set(rows.filter((r) => r.op === 'relu').map((r) => r.environment))];
  if (environments.length === 0) return [{ title: goal.title, environment: NOWHERE, status: 'not measured', detail: `no float32 relu figure of ${goal.backend} at n = ${goal.sizes.map(formatSize).join(', ')}` }];
  return environments.map((environment) => {
    const here = rows.filter((r) => r.environment === environment);
    const missing = goal.ops.filter((op) => !here.some((r) => r.op === op));
    if (missing.length > 0) return { title: goal.title, environment, status: 'not measured' as const, detail: `no ${missing.join(', ')} figure of ${goal.backend} (timed here: ${[...new Set(here.map((r) => r.op))].join(', ')})` };
    const pairs = goal.ops.flatMap((op) =>
      here
        .filter((r) => r.op === op)
        .flatMap((r) => {
          const relu = here.find((x) => x.op === 'relu' && x.size === r.size);
          return relu ? [{ op, size: r.size, times: relu.ratioToCopy / r.ratioToCopy }] : [];
        }),
    );
    const met = pairs.every((p) => p.times <= goal.within);
    return { title: goal.title, environment, status: met ? ('met' as const) : ('not met' as const), detail: pairs.map((p) => `${p.op} n=${formatSize(p.size)}: ${times(p.times)} relu's time`).join('; ') };
  });
}

function gpuKernelOutcomes(goal: Extract<Goal, { kind: 'gpu-kernel' }>, inputs: GoalInputs): GoalOutcome[] {
  const figures = (inputs.gpuKernels ?? []).filter((k) => k.subject === goal.subject && k.size >= goal.minSize);
  const environments = [...new Set(figures.map((k) => k.environment))];
  if (environments.length === 0) return [{ title: goal.title, environment: NOWHERE, status: 'not measured', detail: `no kernel figure of ${goal.subject} at n >= ${formatSize(goal.minSize)}` }];
  return environments.map((environment) => {
    const here = figures.filter((k) => k.environment === environment);
    // Kernel time as a multiple of the copy's: the inverse of the ratio (copy / kernel) measured.
    const checked = here.map((k) => ({ k, times: 1 / (goal.against === 'copy' ? (k.copy?.ratio ?? Number.NaN) : k.ratioToCopyShader) }));
    if (checked.some((c) => Number.isNaN(c.times))) return { title: goal.title, environment, status: 'not measured' as const, detail: `${goal.subject} measures no buffer copy` };
    const met = checked.every((c) => c.times <= goal.within);
    const methods = [...new Set(here.map((k) => k.method))].join(', ');
    const detail = `${checked.map(({ k, times: t }) => `${k.op} n=${formatSize(k.size)}: ${times(t)}`).join('; ')} (kernel time / ${goal.against} time, medians; timed by ${methods})`;
    return withCaveat({ title: goal.title, environment, status: met ? 'met' : 'not met', detail }, softwareCaveat(goal.gpu, environment, inputs));
  });
}

function gpuPeerOutcomes(goal: Extract<Goal, { kind: 'gpu-peers' }>, results: readonly BenchResult[], inputs: GoalInputs): GoalOutcome[] {
  const gpuFigures = results.filter((r) => r.dtype === 'float32' && r.size >= goal.minSize && r.floors.some((f) => isGpuRoundTrip(f.baseline)));
  const ours = gpuFigures.filter((r) => r.backend === goal.backend);
  const environments = [...new Set(ours.map((r) => r.environment))];
  if (environments.length === 0) return [{ title: goal.title, environment: NOWHERE, status: 'not measured', detail: `no float32 figure of ${goal.backend} at n >= ${formatSize(goal.minSize)}` }];
  return environments.map((environment) => {
    const comparisons = ours
      .filter((r) => r.environment === environment)
      .flatMap((r) => {
        const peers = gpuFigures.filter((p) => p.environment === environment && p.op === r.op && p.size === r.size && !OWN_GPU_BACKENDS.includes(p.backend));
        const fastest = peers.sort((a, b) => b.ratioToCopy - a.ratioToCopy)[0];
        return fastest ? [{ r, fastest }] : [];
      });
    if (comparisons.length === 0) return { title: goal.title, environment, status: 'not measured' as const, detail: `no GPU peer was timed beside ${goal.backend} at n >= ${formatSize(goal.minSize)}` };
    const met = comparisons.every(({ r, fastest }) => r.ratioToCopy > fastest.ratioToCopy);
    const detail = comparisons
      .map(({ r, fastest }) => `${r.op} n=${formatSize(r.size)}: ${r.ratioToCopy.toPrecision(2)} vs ${fastest.backend} ${fastest.ratioToCopy.toPrecision(2)}`)
      .join('; ');
    return withCaveat({ title: goal.title, environment, status: met ? 'met' : 'not met', detail: `${detail} (ratio to a copy, higher is faster; the fastest peer at each op and size)` }, softwareCaveat(goal.gpu, environment, inputs));
  });
}

/** Every goal against the figures of one run. */
export function evaluateGoals(results: readonly BenchResult[], inputs: GoalInputs = {}): GoalOutcome[] {
  return GOALS.flatMap((goal) => {
    switch (goal.kind) {
      case 'op':
        return opOutcomes(goal, results);
      case 'gpu-kernel':
        return gpuKernelOutcomes(goal, inputs);
      case 'gpu-peers':
        return gpuPeerOutcomes(goal, results, inputs);
      default:
        return floorOutcomes(goal, results, inputs);
    }
  });
}
