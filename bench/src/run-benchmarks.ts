import { type Attributes, type DType, OPS, type OpName } from '@relu/core';
import { type BenchCase, type CallSpec, bytesOf } from './bench-case.js';
import type { BenchEnvironment } from './environment.js';
import { type MeasureOptions, type Reference, measureAgainstCopy } from './measure.js';

export interface BenchPlan {
  readonly sizes: readonly number[];
  readonly dtypes: readonly DType[];
  /** Sizes for the dtypes other than float32 (a subset keeps runs short). */
  readonly otherDTypeSizes: readonly number[];
  /** float32 sizes for the ops other than ReLU (default: `sizes`); a subset keeps the report short. */
  readonly otherOpSizes?: readonly number[];
  /** The ops to time, each at its default attributes (leakyRelu: alpha = 0.01). */
  readonly ops: readonly OpName[];
  readonly measure: MeasureOptions;
}

/** A case against one of its floors (a baseline), timed in the same rounds. */
export interface FloorFigure {
  readonly baseline: string;
  /** Case time / baseline time, median over rounds: 1 = at its floor, 2 = twice the floor's time. */
  readonly times: number;
  readonly spread: { readonly min: number; readonly max: number };
  readonly baselineSeconds: number;
}

/** Where a figure was measured, on every row of `--json`: the environment's name, label, engine, version and tier. */
export interface WhereMeasured {
  /** The runtime or browser, by the name `--runtimes` selects it: 'node20', 'bun', 'chromium'. */
  readonly environment: string;
  /** 'Node 20.20.2', 'Firefox 153.8.0esr'. */
  readonly environmentLabel: string;
  readonly engine: string;
  /** The runtime's or browser's version. */
  readonly version: string;
  readonly tier: BenchEnvironment['tier'];
}

export function whereMeasured(environment: BenchEnvironment): WhereMeasured {
  return { environment: environment.name, environmentLabel: environment.label, engine: environment.engine, version: environment.version, tier: environment.tier };
}

/** One figure of the benchmark. */
export interface BenchResult extends WhereMeasured {
  readonly backend: string;
  readonly role: BenchCase['role'];
  /** The op timed; null for a baseline that runs none (a copy, an allocation), read beside every op. */
  readonly op: OpName | null;
  readonly attributes: Attributes;
  readonly dtype: DType;
  readonly size: number;
  readonly ratioToCopy: number;
  readonly spread: { readonly min: number; readonly max: number };
  readonly medianSeconds: number;
  readonly copyMedianSeconds: number;
  readonly elementsPerSecond: number;
  /** Bytes read plus bytes written per second (2 x size x bytes per element / time). */
  readonly gbPerSecond: number;
  /** The case against each of its floors, timed in the same rounds. */
  readonly floors: readonly FloorFigure[];
  readonly includes: string;
  readonly info: Readonly<Record<string, string | number | boolean>>;
}

/** Module compile, session creation and the like: the first call, reported apart from the figures. */
export interface FirstCallCost {
  readonly backend: string;
  readonly environment: string;
  readonly op: OpName | null;
  readonly dtype: DType;
  readonly size: number;
  readonly seconds: number;
}

export interface BenchProgress {
  readonly backend: string;
  readonly op: OpName | null;
  readonly dtype: DType;
  readonly size: number;
  readonly done: number;
  readonly total: number;
}

export interface BenchFailure {
  readonly backend: string;
  readonly error: string;
}

/** The size of the first, untimed-in-figures call: small, so it measures set-up, not work. */
const FIRST_CALL_SIZE = 1024;

/** Whether a case runs op (any op, for a memory baseline) on dtype. */
function runs(c: BenchCase, op: OpName | null, dtype: DType): boolean {
  if ('memory' in c.work) return c.work.memory.includes(dtype);
  return op !== null && (c.work.ops[op]?.includes(dtype) ?? false);
}

/** Every (op, dtype, size) the plan times on a case. */
export function planFor(c: BenchCase, plan: BenchPlan): CallSpec[] {
  const float32Sizes = (op: OpName | null) => (op === null || op === 'relu' ? plan.sizes : (plan.otherOpSizes ?? plan.sizes));
  const sizesOf = (op: OpName | null, dtype: DType) => (dtype === 'float32' ? float32Sizes(op) : plan.otherDTypeSizes).filter((size) => size <= (c.maxElements?.elements ?? Infinity));
  const ops: (OpName | null)[] = 'memory' in c.work ? [null] : [...plan.ops];
  const pairs = ops.flatMap((op) => plan.dtypes.filter((dtype) => runs(c, op, dtype)).map((dtype) => ({ op, dtype })));
  return pairs.flatMap(({ op, dtype }) => sizesOf(op, dtype).map((size) => ({ op, attributes: op === null ? {} : OPS[op].defaults, dtype, size })));
}

/**
 * Times every case at every planned op, dtype and size it runs, each against the copy bound and
 * against its floors (baselines among `cases`), in the same rounds; all of them live in
 * `environment`, which every figure names.
 */
export async function runBenchmarks(
  cases: readonly BenchCase[],
  plan: BenchPlan,
  environment: BenchEnvironment,
  onProgress?: (progress: BenchProgress) => void,
): Promise<{ results: BenchResult[]; firstCalls: FirstCallCost[]; failures: BenchFailure[] }> {
  const results: BenchResult[] = [];
  const firstCalls: FirstCallCost[] = [];
  const failures: BenchFailure[] = [];
  const work = cases.flatMap((c) => planFor(c, plan).map((spec) => ({ c, spec })));
  const where = whereMeasured(environment);
  const firstCallDone = new Set<string>();
  const failed = new Set<string>();
  let done = 0;
  for (const { c, spec } of work) {
    const { op, dtype, size } = spec;
    onProgress?.({ backend: c.name, op, dtype, size, done, total: work.length });
    done++;
    // One failure ends that (case, op, dtype), not the case's other ops and dtypes.
    const failureKey = `${c.name}/${op}/${dtype}`;
    if (failed.has(failureKey)) continue;
    const held: { release: () => void }[] = [];
    try {
      const key = `${c.name}/${op}/${dtype}`;
      if (c.role !== 'baseline' && !firstCallDone.has(key)) {
        firstCallDone.add(key);
        const first = await c.prepare({ ...spec, size: FIRST_CALL_SIZE });
        const began = performance.now();
        await first.run();
        firstCalls.push({ backend: c.name, environment: environment.name, op, dtype, size: FIRST_CALL_SIZE, seconds: (performance.now() - began) / 1000 });
        first.release();
      }
      const references: Reference[] = [];
      for (const name of c.floors) {
        const floor = cases.find((b) => b.name === name);
        if (floor === undefined || !runs(floor, op, dtype)) continue;
        const call = await floor.prepare({ ...spec, op: 'memory' in floor.work ? null : op });
        held.push(call);
        references.push({ name, run: call.run });
      }
      const call = await c.prepare(spec);
      held.push(call);
      const m = await measureAgainstCopy(call.run, bytesOf(dtype, size), plan.measure, references);
      results.push({
        backend: c.name,
        ...where,
        role: c.role,
        op,
        attributes: spec.attributes,
        dtype,
        size,
        ratioToCopy: m.ratioToCopy,
        spread: m.spread,
        medianSeconds: m.medianSeconds,
        copyMedianSeconds: m.copyMedianSeconds,
        elementsPerSecond: size / m.medianSeconds,
        gbPerSecond: (2 * bytesOf(dtype, size)) / m.medianSeconds / 1e9,
        floors: m.references.map((r) => ({ baseline: r.name, times: r.times, spread: r.spread, baselineSeconds: r.medianSeconds })),
        includes: c.includes,
        info: c.info,
      });
    } catch (error) {
      failed.add(failureKey);
      failures.push({ backend: c.name, error: `${op ?? 'no op'} ${dtype} n=${size}: ${(error as Error).message}` });
    } finally {
      held.forEach((h) => h.release());
    }
  }
  onProgress?.({ backend: '', op: null, dtype: 'float32', size: 0, done, total: work.length });
  return { results, firstCalls, failures };
}
