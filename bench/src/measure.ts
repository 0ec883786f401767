import { Bench } from 'tinybench';

/**
 * One benchmark figure: a task's speed as a ratio to the copy bound, `dst.set(src)` of the same
 * number of bytes, measured interleaved with it in the same run: each round times the copy and
 * the task back to back with tinybench, and the ratio is taken per round. The median over rounds
 * is the figure; min and max over rounds are its spread. Absolute times drift on a shared
 * machine; ratios measured side by side do not.
 */
export interface Measurement {
  /** Copy time / task time: 1 means as fast as copying the bytes once. */
  readonly ratioToCopy: number;
  readonly spread: { readonly min: number; readonly max: number };
  /** Median seconds per call of the task. */
  readonly medianSeconds: number;
  readonly copyMedianSeconds: number;
  readonly rounds: number;
  readonly samples: number;
}

export interface MeasureOptions {
  readonly rounds: number;
  /** tinybench time budget per task per round, in ms. */
  readonly timeMs: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The copy bound for `bytes`: a Uint8Array set() of that many bytes (read once, written once). */
export function copyTask(bytes: number): () => void {
  const src = new Uint8Array(bytes);
  const dst = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) src[i] = i & 0xff;
  return () => dst.set(src);
}

/**
 * Calls per sample so that one sample lasts about 0.5 ms: browsers coarsen performance.now() to
 * 5 us (100 us without cross-origin isolation), too coarse to time one small call. Estimated by
 * doubling the number of calls until they take at least 1 ms, then checked once more, since a
 * pause (GC, JIT) during a short estimate makes it far too small.
 */
async function callsPerSample(fn: () => unknown): Promise<number> {
  const timeCalls = async (calls: number) => {
    const began = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    return performance.now() - began;
  };
  await fn();
  let calls = 1;
  let elapsed = await timeCalls(calls);
  while (elapsed < 1 && calls < 1 << 20) elapsed = await timeCalls((calls *= 2));
  let estimate = Math.max(1, Math.ceil((calls * 0.5) / Math.max(elapsed, 1e-6)));
  while (estimate < 1 << 20 && (await timeCalls(estimate)) < 0.25) estimate *= 2;
  return estimate;
}

/** A tinybench task that runs `fn` `calls` times and reports the mean per call as its sample. */
function batched(fn: () => unknown, calls: number, isAsync: boolean): () => unknown {
  if (calls === 1) return fn;
  const report = (began: number) => {
    const total = performance.now() - began;
    return { overriddenDuration: total / calls, overriddenIterationCost: total };
  };
  return isAsync
    ? async () => {
        const began = performance.now();
        for (let i = 0; i < calls; i++) await fn();
        return report(began);
      }
    : () => {
        const began = performance.now();
        for (let i = 0; i < calls; i++) fn();
        return report(began);
      };
}

export async function measureAgainstCopy(run: () => unknown, bytes: number, options: MeasureOptions): Promise<Measurement> {
  const rawCopy = copyTask(bytes);
  const copy = batched(rawCopy, await callsPerSample(rawCopy), false);
  const task = batched(run, await callsPerSample(run), true);
  const ratios: number[] = [];
  const taskTimes: number[] = [];
  const copyTimes: number[] = [];
  let samples = 0;
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.timeMs, iterations: 3, warmupTime: Math.min(20, options.timeMs), warmupIterations: 2, throws: true });
    bench.add('copy', copy).add('task', task);
    await bench.run();
    const [copyTaskResult, measured] = [bench.getTask('copy')!.result, bench.getTask('task')!.result];
    if (copyTaskResult.state !== 'completed' || measured.state !== 'completed') throw new Error(`benchmark round ${round} did not complete (${measured.state})`);
    if (!(copyTaskResult.latency.p50 > 0 && measured.latency.p50 > 0)) {
      throw new Error(`round ${round} measured a zero time although each sample batches calls for 0.5 ms: the timer is broken here`);
    }
    copyTimes.push(copyTaskResult.latency.p50 / 1000);
    taskTimes.push(measured.latency.p50 / 1000);
    ratios.push(copyTaskResult.latency.p50 / measured.latency.p50);
    samples += measured.latency.samplesCount;
  }
  return {
    ratioToCopy: median(ratios),
    spread: { min: Math.min(...ratios), max: Math.max(...ratios) },
    medianSeconds: median(taskTimes),
    copyMedianSeconds: median(copyTimes),
    rounds: options.rounds,
    samples,
  };
}
