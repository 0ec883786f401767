import type { OpName } from '@relu/core';
import { formatMicroseconds, formatSize } from './figures.js';
import { FLOOR } from './floors.js';
import type { BenchResult } from './run-benchmarks.js';

/**
 * The speed goals of issues 13 and 11, as data, each read from figures measured in the same run:
 * a case against one of its floors (timed in the same rounds), or one op against ReLU on the same
 * case (both as ratios to the copy timed next to each). float32 only.
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
    };

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
];

export interface GoalOutcome {
  readonly title: string;
  readonly environment: 'node' | 'browser';
  /** 'reported' for a side-by-side figure with no bound. */
  readonly status: 'met' | 'not met' | 'not measured' | 'reported';
  /** The figures behind the status, or why nothing was measured. */
  readonly detail: string;
}

const times = (value: number) => `${value.toFixed(2)}x`;

function floorOutcomes(goal: Extract<Goal, { kind: 'floor' | 'beside' }>, results: readonly BenchResult[]): GoalOutcome[] {
  const rows = results.filter((r) => r.backend === goal.backend && r.dtype === 'float32' && r.op === 'relu' && r.size >= goal.sizes[0] && r.size <= goal.sizes[1]);
  const environments = [...new Set(rows.map((r) => r.environment))];
  if (environments.length === 0) {
    return [{ title: goal.title, environment: 'node', status: 'not measured', detail: `no float32 relu figure of ${goal.backend} at n = ${goal.sizes.map(formatSize).join('..')}` }];
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
          `n=${formatSize(r.size)}: ${times(floor!.times)} (median of the rounds' ratios; rounds ${times(floor!.spread.min)}-${times(floor!.spread.max)}; medians ${formatMicroseconds(r.medianSeconds)} and ${formatMicroseconds(floor!.baselineSeconds)})`,
      )
      .join('; ');
    if (goal.kind === 'beside') return { title: goal.title, environment, status: 'reported' as const, detail };
    const met = checked.every(({ floor }) => floor!.times <= goal.within);
    return { title: goal.title, environment, status: met ? ('met' as const) : ('not met' as const), detail };
  });
}

function opOutcomes(goal: Extract<Goal, { kind: 'op' }>, results: readonly BenchResult[]): GoalOutcome[] {
  const rows = results.filter((r) => r.backend === goal.backend && r.dtype === 'float32' && goal.sizes.includes(r.size));
  const environments = [...new Set(rows.filter((r) => r.op === 'relu').map((r) => r.environment))];
  if (environments.length === 0) return [{ title: goal.title, environment: 'node', status: 'not measured', detail: `no float32 relu figure of ${goal.backend} at n = ${goal.sizes.map(formatSize).join(', ')}` }];
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

/** Every goal against the figures of one run. */
export function evaluateGoals(results: readonly BenchResult[]): GoalOutcome[] {
  return GOALS.flatMap((goal) => (goal.kind === 'op' ? opOutcomes(goal, results) : floorOutcomes(goal, results)));
}
