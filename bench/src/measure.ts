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
  /** The task against each reference timed in the same rounds. */
  readonly references: readonly ReferenceMeasurement[];
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
 * Pauses a page or runtime makes now and then (GC, the scheduler of a loaded machine): up to tens
 * of milliseconds seen in Firefox here. A single call shorter than this may have been one.
 */
const PAUSE_MS = 50;

/**
 * Calls per sample so that one sample lasts about 0.5 ms: browsers coarsen performance.now() to
 * 5 us (100 us without cross-origin isolation), too coarse to time one small call. The call runs
 * for about 10 ms first, so that the estimate is made on optimized code (an estimate made while
 * a one-element loop is still interpreted is 50 times too small once it is compiled), then the
 * number of calls doubles until they take at least 1 ms, and the batch is checked three times,
 * since a pause (GC, JIT) during a short estimate makes it far too small. A call that returns a
 * promise is awaited; one that does not is called in a plain loop, so a synchronous call is not
 * charged for a microtask it does not make.
 */
async function batchOf(fn: () => unknown): Promise<{ calls: number; isAsync: boolean }> {
  const first = fn();
  const isAsync = typeof (first as { then?: unknown } | undefined)?.then === 'function';
  await first;
  const timeCalls = isAsync
    ? async (calls: number) => {
        const began = performance.now();
        for (let i = 0; i < calls; i++) await fn();
        return performance.now() - began;
      }
    : async (calls: number) => {
        const began = performance.now();
        for (let i = 0; i < calls; i++) fn();
        return performance.now() - began;
      };
  for (let warm = 1, spent = 0; spent < 10 && warm < 1 << 22; warm *= 2) spent += await timeCalls(warm);
  let calls = 1;
  let elapsed = await timeCalls(calls);
  // One call of a millisecond or more is a sample on its own: nothing to batch, nothing to check;
  // but under PAUSE_MS the fastest of three, since a pause during a call of microseconds would
  // make it a batch of one, whose samples then read zero on a browser's 5-20 us clock.
  for (let check = 0; check < 2 && elapsed >= 1 && elapsed < PAUSE_MS; check++) elapsed = Math.min(elapsed, await timeCalls(1));
  if (elapsed >= 1) return { calls: 1, isAsync };
  while (elapsed < 1 && calls < 1 << 20) elapsed = await timeCalls((calls *= 2));
  let estimate = Math.max(1, Math.ceil((calls * 0.5) / Math.max(elapsed, 1e-6)));
  for (let check = 0; check < 3; check++) {
    while (estimate < 1 << 22 && (await timeCalls(estimate)) < 0.25) estimate *= 2;
  }
  return { calls: estimate, isAsync };
}

/** A tinybench task that runs `fn` `calls` times and reports the mean per call as its sample. */
function batched(fn: () => unknown, { calls, isAsync }: { calls: number; isAsync: boolean }): () => unknown {
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

/** A baseline timed in the same rounds as the task: the floor of what the task does. */
export interface Reference {
  readonly name: string;
  readonly run: () => unknown;
}

/** The task against one reference: its time as a multiple of the reference's, per round. */
export interface ReferenceMeasurement {
  readonly name: string;
  /** Task time / reference time, median over rounds: 1 = as fast as its floor, 2 = twice its time. */
  readonly times: number;
  readonly spread: { readonly min: number; readonly max: number };
  readonly medianSeconds: number;
}

/**
 * Times `run` against the copy bound of `bytes` and against each reference, all interleaved in
 * every round (copy, references, task, back to back, the order reversed every other round), and
 * takes each ratio per round.
 */
export async function measureAgainstCopy(run: () => unknown, bytes: number, options: MeasureOptions, references: readonly Reference[] = []): Promise<Measurement> {
  const rawCopy = copyTask(bytes);
  const copy = batched(rawCopy, await batchOf(rawCopy));
  // One at a time: estimates made concurrently would time each other's calls.
  const refs: { name: string; task: () => unknown }[] = [];
  for (const r of references) refs.push({ name: r.name, task: batched(r.run, await batchOf(r.run)) });
  const task = batched(run, await batchOf(run));
  const ratios: number[] = [];
  const taskTimes: number[] = [];
  const copyTimes: number[] = [];
  const refTimes = refs.map(() => [] as number[]);
  const refRatios = refs.map(() => [] as number[]);
  let samples = 0;
  for (let round = 0; round < options.rounds; round++) {
    // Many short rounds rather than a few long ones: on a shared machine the speed of memory and
    // of the allocator changes within seconds, and a ratio is only as good as the time between
    // its two terms. The order alternates, so that neither side always runs first. One
    // iteration at least (a call of 1.6e7 elements is its own sample); warm-up in the first
    // round only, since batchOf has run every task already.
    const bench = new Bench({ time: options.timeMs, iterations: 1, warmup: round === 0, warmupTime: Math.min(20, options.timeMs), warmupIterations: 2, throws: true });
    const entries: [string, () => unknown][] = [['the copy', copy], ...refs.map((r): [string, () => unknown] => [`floor ${r.name}`, r.task]), ['the case', task]];
    for (const [name, fn] of round % 2 === 0 ? entries : entries.reverse()) bench.add(name, fn);
    await bench.run();
    const p50 = (name: string) => {
      const result = bench.getTask(name)?.result;
      if (result?.state !== 'completed') throw new Error(`benchmark round ${round} did not complete (${name}: ${result?.state})`);
      samples += name === 'the case' ? result.latency.samplesCount : 0;
      if (!(result.latency.p50 > 0)) throw new Error(`round ${round} measured a zero time for ${name} although each sample batches calls for 0.5 ms: the timer is broken here`);
      return result.latency.p50 / 1000;
    };
    const [copySeconds, taskSeconds] = [p50('the copy'), p50('the case')];
    copyTimes.push(copySeconds);
    taskTimes.push(taskSeconds);
    ratios.push(copySeconds / taskSeconds);
    refs.forEach((_, i) => {
      const seconds = p50(`floor ${refs[i]!.name}`);
      refTimes[i]!.push(seconds);
      refRatios[i]!.push(taskSeconds / seconds);
    });
  }
  return {
    ratioToCopy: median(ratios),
    spread: { min: Math.min(...ratios), max: Math.max(...ratios) },
    medianSeconds: median(taskTimes),
    copyMedianSeconds: median(copyTimes),
    rounds: options.rounds,
    samples,
    references: refs.map((r, i) => ({ name: r.name, times: median(refRatios[i]!), spread: { min: Math.min(...refRatios[i]!), max: Math.max(...refRatios[i]!) }, medianSeconds: median(refTimes[i]!) })),
  };
}
