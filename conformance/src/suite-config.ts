import type { SweepProgress } from './sweep.js';
import type { SweepKind } from './sweep-plans.js';

export interface SuiteConfig {
  readonly kind: SweepKind;
  readonly seed: number;
  readonly numRuns: number;
  readonly subjects?: readonly string[];
  readonly sweepTimeoutMs: number;
  /** RELU_CONFORMANCE_JSON: where to write the sweep's results as JSON. */
  readonly jsonPath?: string;
}

const KINDS: readonly SweepKind[] = ['exhaustive', 'stratified', 'quick'];

/**
 * How `npm test` runs the suite. CI always sweeps every float32 pattern; locally the quick plan
 * is the default (RELU_CONFORMANCE=exhaustive for the full one). RELU_SEED replays a run,
 * RELU_SUBJECTS=a,b narrows it, RELU_CONFORMANCE_JSON=file keeps the results.
 */
export function suiteConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const requested = env.RELU_CONFORMANCE;
  if (requested !== undefined && !KINDS.includes(requested as SweepKind)) {
    throw new RangeError(`RELU_CONFORMANCE must be one of ${KINDS.join(', ')}; got ${JSON.stringify(requested)}`);
  }
  const kind = (requested as SweepKind | undefined) ?? (env.CI ? 'exhaustive' : 'quick');
  const seed = env.RELU_SEED !== undefined ? Number(env.RELU_SEED) : Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`RELU_SEED must be a non-negative integer; got ${JSON.stringify(env.RELU_SEED)}`);
  return {
    kind,
    seed,
    numRuns: Number(env.RELU_FC_RUNS ?? 60),
    ...(env.RELU_SUBJECTS ? { subjects: env.RELU_SUBJECTS.split(',').map((s) => s.trim()) } : {}),
    sweepTimeoutMs: kind === 'exhaustive' ? 40 * 60_000 : 5 * 60_000,
    ...(env.RELU_CONFORMANCE_JSON ? { jsonPath: env.RELU_CONFORMANCE_JSON } : {}),
  };
}

/**
 * Prints sweep progress: one line rewritten in place on a terminal; in a log (CI), a line every
 * 30 seconds and at the end of each plan.
 */
export function progressReporter(write: (text: string) => void, isTerminal: boolean): (progress: SweepProgress) => void {
  let last = 0;
  return (progress) => {
    const percent = ((100 * progress.done) / progress.total).toFixed(1).padStart(5);
    const line = `  sweep ${progress.dtype.padEnd(8)} ${percent}% of ${progress.total.toLocaleString('en-US')} (${progress.subjects.join(', ')})`;
    if (isTerminal) write(`\r${line.slice(0, 150).padEnd(150)}`);
    else if (progress.done === progress.total || Date.now() - last > 30_000) {
      last = Date.now();
      write(`${line}\n`);
    }
  };
}
