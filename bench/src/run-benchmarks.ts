import type { DType } from '@relu/core';
import { type BenchCase, bytesOf } from './bench-case.js';
import { type MeasureOptions, measureAgainstCopy } from './measure.js';

export interface BenchPlan {
  readonly sizes: readonly number[];
  readonly dtypes: readonly DType[];
  /** Sizes for the dtypes other than float32 (a subset keeps runs short). */
  readonly otherDTypeSizes: readonly number[];
  readonly measure: MeasureOptions;
  /** Largest size a case may be timed at, per case name (slow software GPU paths). */
  readonly maxSize?: (benchCase: BenchCase) => number;
}

/** One figure of the benchmark. */
export interface BenchResult {
  readonly backend: string;
  readonly environment: 'node' | 'browser';
  readonly role: BenchCase['role'];
  readonly dtype: DType;
  readonly size: number;
  readonly ratioToCopy: number;
  readonly spread: { readonly min: number; readonly max: number };
  readonly medianSeconds: number;
  readonly copyMedianSeconds: number;
  readonly elementsPerSecond: number;
  /** Bytes read plus bytes written per second (2 x size x bytes per element / time). */
  readonly gbPerSecond: number;
  readonly includes: string;
  readonly info: Readonly<Record<string, string | number | boolean>>;
}

/** Module compile, session creation and the like: the first call, reported apart from the figures. */
export interface FirstCallCost {
  readonly backend: string;
  readonly environment: 'node' | 'browser';
  readonly dtype: DType;
  readonly size: number;
  readonly seconds: number;
}

export interface BenchProgress {
  readonly backend: string;
  readonly dtype: DType;
  readonly size: number;
  readonly done: number;
  readonly total: number;
}

/** The size of the first, untimed-in-figures call: small, so it measures set-up, not work. */
const FIRST_CALL_SIZE = 1024;

/** Times every case at every planned size and dtype it supports, each against the copy bound. */
export async function runBenchmarks(
  cases: readonly BenchCase[],
  plan: BenchPlan,
  onProgress?: (progress: BenchProgress) => void,
): Promise<{ results: BenchResult[]; firstCalls: FirstCallCost[]; failures: { backend: string; error: string }[] }> {
  const results: BenchResult[] = [];
  const firstCalls: FirstCallCost[] = [];
  const failures: { backend: string; error: string }[] = [];
  const work = cases.flatMap((c) =>
    plan.dtypes
      .filter((dtype) => c.dtypes.includes(dtype))
      .flatMap((dtype) => (dtype === 'float32' ? plan.sizes : plan.otherDTypeSizes).filter((size) => size <= (plan.maxSize?.(c) ?? Infinity)).map((size) => ({ c, dtype, size }))),
  );
  const firstCallDone = new Set<string>();
  let done = 0;
  for (const { c, dtype, size } of work) {
    onProgress?.({ backend: c.name, dtype, size, done, total: work.length });
    done++;
    if (failures.some((f) => f.backend === c.name)) continue;
    try {
      const key = `${c.name}/${dtype}`;
      if (!firstCallDone.has(key)) {
        firstCallDone.add(key);
        const first = await c.prepare(dtype, FIRST_CALL_SIZE);
        const began = performance.now();
        await first.run();
        firstCalls.push({ backend: c.name, environment: c.environment, dtype, size: FIRST_CALL_SIZE, seconds: (performance.now() - began) / 1000 });
        first.release();
      }
      const call = await c.prepare(dtype, size);
      try {
        const m = await measureAgainstCopy(call.run, bytesOf(dtype, size), plan.measure);
        results.push({
          backend: c.name,
          environment: c.environment,
          role: c.role,
          dtype,
          size,
          ratioToCopy: m.ratioToCopy,
          spread: m.spread,
          medianSeconds: m.medianSeconds,
          copyMedianSeconds: m.copyMedianSeconds,
          elementsPerSecond: size / m.medianSeconds,
          gbPerSecond: (2 * bytesOf(dtype, size)) / m.medianSeconds / 1e9,
          includes: c.includes,
          info: c.info,
        });
      } finally {
        call.release();
      }
    } catch (error) {
      failures.push({ backend: c.name, error: `${dtype} n=${size}: ${(error as Error).message}` });
    }
  }
  onProgress?.({ backend: '', dtype: 'float32', size: 0, done, total: work.length });
  return { results, firstCalls, failures };
}
