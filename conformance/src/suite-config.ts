import { OP_NAMES, type OpName, isOpName } from '@relu/core';
import { TIER_NAMES, type Tier } from './scope.js';
import type { SweepProgress } from './sweep.js';
import type { SweepKind } from './sweep-plans.js';
import { SUITE_PLANS, type SuitePlan, resolvePlan } from './suite-plan.js';

export interface SuiteConfig {
  readonly plan: SuitePlan;
  readonly kind: SweepKind;
  /** The CI plan: primary environments narrowed to the rows profiles mark exhaustive. */
  readonly budgeted: boolean;
  readonly seed: number;
  readonly numRuns: number;
  readonly subjects?: readonly string[];
  readonly ops?: readonly OpName[];
  /** Deadline of each run() call, in milliseconds. */
  readonly deadlineMs: number;
  readonly sweepTimeoutMs: number;
  /** RELU_CONFORMANCE_JSON: where to write the sweep's results as JSON. */
  readonly jsonPath?: string;
  /** RELU_RUNTIMES: the environments to run in ('node20,firefox'; undefined: every one available). */
  readonly runtimes?: string;
  /** RELU_TIERS: the JIT tiers (default both). */
  readonly tiers: readonly Tier[];
  /** RELU_PARALLEL: environments open at once (default 2, one per core of the CI machine). */
  readonly parallel: number;
}

/**
 * The default deadline of one run() call: the slowest call measured is a 4 Mi-element chunk on
 * tfjs-webgl on SwiftShader (see README.md, "Deadlines"), with a wide margin for a loaded CI box.
 */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** A deadline in seconds from the CLI or the environment, or a RangeError naming where it came from. */
export function parseDeadline(value: string, where: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`${where} must be a positive number of seconds; got ${JSON.stringify(value)}`);
  return seconds * 1000;
}

/** Tiers from a comma-separated list, or a RangeError naming where it came from. */
export function parseTiers(value: string, where: string): Tier[] {
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !TIER_NAMES.includes(n as Tier));
  if (unknown.length > 0 || names.length === 0) throw new RangeError(`${where}: unknown tier(s) ${unknown.join(', ')}; known: ${TIER_NAMES.join(', ')}`);
  return [...new Set(names as Tier[])];
}

/** A positive integer from the CLI or the environment, or a RangeError naming where it came from. */
export function parsePositiveInteger(value: string, where: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${where} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
}

/** Op names from a comma-separated list, or a RangeError naming where it came from and the known ops. */
export function parseOps(value: string, where: string): OpName[] {
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !isOpName(n));
  if (unknown.length > 0 || names.length === 0) throw new RangeError(`${where}: unknown op(s) ${unknown.join(', ')}; known: ${OP_NAMES.join(', ')}`);
  return names as OpName[];
}

/**
 * How `npm test` runs the suite. CI runs the 'ci' plan (every float32 pattern on the rows
 * profiles mark exhaustive, the stratified plan on the others); locally the quick plan is the
 * default (RELU_CONFORMANCE=ci for CI's, RELU_CONFORMANCE=exhaustive for the full one). RELU_SEED replays a run,
 * RELU_SUBJECTS=a,b and RELU_OPS=relu6 narrow it, RELU_RUNTIMES=node20,firefox and
 * RELU_TIERS=cold choose the environments, RELU_PARALLEL how many are open at once,
 * RELU_DEADLINE=seconds sets the per-call deadline, RELU_CONFORMANCE_JSON=file keeps the results.
 */
export function suiteConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const requested = env.RELU_CONFORMANCE;
  if (requested !== undefined && !SUITE_PLANS.includes(requested as SuitePlan)) {
    throw new RangeError(`RELU_CONFORMANCE must be one of ${SUITE_PLANS.join(', ')}; got ${JSON.stringify(requested)}`);
  }
  const plan = (requested as SuitePlan | undefined) ?? (env.CI ? 'ci' : 'quick');
  const { kind, budgeted } = resolvePlan(plan);
  const seed = env.RELU_SEED !== undefined ? Number(env.RELU_SEED) : Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`RELU_SEED must be a non-negative integer; got ${JSON.stringify(env.RELU_SEED)}`);
  const numRuns = Number(env.RELU_FC_RUNS ?? 60);
  if (!Number.isInteger(numRuns) || numRuns < 1) throw new RangeError(`RELU_FC_RUNS must be a positive integer; got ${JSON.stringify(env.RELU_FC_RUNS)}`);
  return {
    plan,
    kind,
    budgeted,
    seed,
    numRuns,
    ...(env.RELU_SUBJECTS ? { subjects: env.RELU_SUBJECTS.split(',').map((s) => s.trim()) } : {}),
    ...(env.RELU_OPS ? { ops: parseOps(env.RELU_OPS, 'RELU_OPS') } : {}),
    deadlineMs: env.RELU_DEADLINE !== undefined ? parseDeadline(env.RELU_DEADLINE, 'RELU_DEADLINE') : DEFAULT_DEADLINE_SECONDS * 1000,
    // The whole run (every environment's sweep and checks) happens in one beforeAll; CI's budget bounds it.
    sweepTimeoutMs: kind === 'exhaustive' ? 44 * 60_000 : 30 * 60_000,
    ...(env.RELU_CONFORMANCE_JSON ? { jsonPath: env.RELU_CONFORMANCE_JSON } : {}),
    ...(env.RELU_RUNTIMES ? { runtimes: env.RELU_RUNTIMES } : {}),
    tiers: env.RELU_TIERS ? parseTiers(env.RELU_TIERS, 'RELU_TIERS') : TIER_NAMES,
    parallel: env.RELU_PARALLEL ? parsePositiveInteger(env.RELU_PARALLEL, 'RELU_PARALLEL') : 2,
  };
}

/**
 * Prints sweep progress: one line rewritten in place on a terminal; in a log (CI), a line every
 * 30 seconds and at the end of each plan.
 */
export function progressReporter(write: (text: string) => void, isTerminal: boolean): (progress: SweepProgress & { readonly where?: string }) => void {
  // Per environment, so that environments sweeping side by side each get their lines in a log.
  const last = new Map<string | undefined, number>();
  return (progress) => {
    const percent = ((100 * progress.done) / progress.total).toFixed(1).padStart(5);
    const line = `  sweep ${progress.where ? `${progress.where}: ` : ''}${progress.dtype.padEnd(8)} ${percent}% of ${progress.total.toLocaleString('en-US')} (${progress.subjects.join(', ')})`;
    if (isTerminal) write(`\r${line.slice(0, 150).padEnd(150)}`);
    else if (progress.done === progress.total || Date.now() - (last.get(progress.where) ?? 0) > 30_000) {
      last.set(progress.where, Date.now());
      write(`${line}\n`);
    }
  };
}
