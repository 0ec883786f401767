import { type EnvironmentTarget, environmentSkipReason, environments, parseEnvironmentList } from '@relu/runtime-harness';
import type { OpName } from '@relu/core';
import { DeadlineError, settleWithin } from './contract-guard.js';
import { type SubjectHost, localHost, openGuestHost } from './hosts.js';
import { localEnvironmentName } from './places.js';
import { type SubjectProfile, whyNotIn } from './profiles.js';
import { type EngineFamily, type Place, TIER_NAMES, type Tier, describeWhere, whereIn } from './scope.js';
import type { Subject } from './subject.js';
import { type PlanTarget, isPrimary, narrowingFor } from './suite-plan.js';
import type { SweepOutcome, SweepProgress } from './sweep.js';
import type { SweepKind } from './sweep-plans.js';
import type { SubjectFailure, SubjectResult } from './verdict.js';

/**
 * Runs the suite's subjects in every environment asked for (server runtimes and browsers, each
 * optimized and cold): a pool opens a few environments at a time, sweeps each one's subjects
 * where they live, lets the caller run its per-call checks there, and closes it. Which subject
 * runs where is data (profiles, the suite plan); every subject left out of an environment is
 * reported with why.
 */

/** One environment in one tier, as the suite sees it before opening it. */
export interface SuiteTarget extends PlanTarget {
  readonly label: string;
  readonly engine: EngineFamily;
  readonly available: boolean;
  readonly reason?: string;
  /** This process itself (Node subjects and user backends run here, with no guest). */
  readonly local: boolean;
}

/** `list` ('node20,firefox', undefined or 'all' for every one) in each of `tiers`, local first. */
export async function suiteTargets(list: string | undefined, tiers: readonly Tier[] = TIER_NAMES): Promise<SuiteTarget[]> {
  const selected = parseEnvironmentList(list);
  const known = await environments();
  const local = localEnvironmentName();
  const targets: SuiteTarget[] = [];
  for (const name of selected) {
    const target = known.find((t) => t.name === name)!;
    for (const tier of tiers) targets.push(toTarget(target, tier, name === local && tier === 'optimized'));
  }
  // Longest first, so that the two environments running at a time finish together: the suite's
  // own process, then the other primary (Chromium: every browser subject, WebGPU at 2^32), then
  // the other browsers optimized (each page sweeps core, wasm and WebGPU at 2^32), then the rest.
  const order = (t: SuiteTarget) => (t.local ? 0 : isPrimary(t) ? 1 : t.kind === 'browser' && t.tier === 'optimized' ? 2 : 3);
  return targets.sort((a, b) => order(a) - order(b));
}

function toTarget(target: EnvironmentTarget, tier: Tier, local: boolean): SuiteTarget {
  return { name: target.name, kind: target.kind, tier, label: target.label, engine: target.engine, available: target.available, ...(target.reason ? { reason: target.reason } : {}), local };
}

/** Which profiles run in the target, and why each other one does not. */
export function placeProfiles(target: SuiteTarget, profiles: readonly SubjectProfile[]): { readonly here: SubjectProfile[]; readonly notHere: { readonly profile: SubjectProfile; readonly reason: string }[] } {
  const here: SubjectProfile[] = [];
  const notHere: { profile: SubjectProfile; reason: string }[] = [];
  for (const profile of profiles) {
    const reason = whyNotIn(profile, target.kind, { environment: target.name, engine: target.engine, engineVersion: '', tier: target.tier });
    if (reason === undefined) here.push(profile);
    else notHere.push({ profile, reason });
  }
  return { here, notHere };
}

/** What one environment gave: its rows, the subjects that did not run, and notices of what was left out there and why. */
export interface EnvironmentOutcome {
  readonly target: SuiteTarget;
  /** The environment as it reported itself once open ('Firefox 153.8.0 (cold)'), else the target's label. */
  readonly label: string;
  readonly place?: Place;
  readonly profiles: readonly SubjectProfile[];
  readonly rows: readonly SubjectResult[];
  readonly failures: readonly SubjectFailure[];
  /** Subjects declared not to run here, narrowings applied: printed, never silent. */
  readonly notices: readonly string[];
  /** Wall-clock seconds: opening the environment, the sweep, the per-call checks. */
  readonly seconds: { readonly open: number; readonly sweep: number; readonly checks: number };
}

/** A subject made for the per-call checks, or why it could not be. */
export interface CheckSubject {
  readonly profile: SubjectProfile;
  readonly subject?: Subject;
  readonly error?: string;
}

export interface RunSuiteOptions {
  readonly kind: SweepKind;
  readonly seed: number;
  readonly deadlineMs: number;
  readonly ops?: readonly OpName[];
  /** The CI plan: the primary environments are narrowed too (see suite-plan.ts, CI_PRIMARY_SWEEP). */
  readonly budgeted?: boolean;
  /** Stop each sweep plan after this many chunks (cost measurements only: scripts/ci-budget.mjs). */
  readonly maxChunks?: number;
  /** Environments open at once (default 2: one per core; each sweeps single-threaded). */
  readonly parallel?: number;
  /** User backends: they live in this process, so they run in the local target only. */
  readonly extra?: readonly Subject[];
  readonly onProgress?: (where: string, progress: SweepProgress) => void;
  /**
   * The per-call checks, run while the environment is open: `subjects` are made on the host for
   * them (remote backends in a guest), and disposed after.
   */
  readonly checks?: (target: SuiteTarget, host: SubjectHost, subjects: readonly CheckSubject[]) => Promise<void>;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

async function runTarget(target: SuiteTarget, profiles: readonly SubjectProfile[], options: RunSuiteOptions): Promise<EnvironmentOutcome> {
  const { here, notHere } = placeProfiles(target, profiles);
  const extra = target.local ? (options.extra ?? []) : [];
  const where = `${target.name} ${target.tier}`;
  const notices = notHere.filter((n) => n.reason.startsWith('cannot run here')).map((n) => `${n.profile.name} in ${where}: not run, ${n.reason}`);
  const narrowing = narrowingFor(target, options.budgeted ?? false);
  if (narrowing && here.length > 0) notices.push(`${where}: ${narrowing.reason}`);
  const base = { target, label: `${target.label}${target.tier === 'cold' ? ' (cold)' : ''}`, profiles: here, notices };
  const failed = (reason: string, skipped: boolean): EnvironmentOutcome => ({
    ...base,
    rows: [],
    failures: [...here, ...extra.map((s) => s.profile)].map((p) => ({ name: p.name, environment: p.environment, where, reason, skipped })),
    seconds: { open: 0, sweep: 0, checks: 0 },
  });
  if (here.length === 0 && extra.length === 0) return { ...base, rows: [], failures: [], seconds: { open: 0, sweep: 0, checks: 0 } };
  try {
    const skip = environmentSkipReason(target);
    if (skip) return failed(skip, true);
  } catch (error) {
    return failed((error as Error).message, false);
  }
  const opening = performance.now();
  let host: SubjectHost;
  try {
    host = target.local ? localHost() : await openGuestHost({ name: target.name, tier: target.tier, deadlineMs: options.deadlineMs });
  } catch (error) {
    return failed(`${target.label} (${target.tier}) did not start: ${(error as Error).message}`, false);
  }
  const open = seconds(opening);
  try {
    const sweeping = performance.now();
    const outcome: SweepOutcome = await host.sweep(
      here,
      {
        kind: options.kind,
        seed: options.seed,
        deadlineMs: options.deadlineMs,
        ...(options.ops ? { ops: options.ops } : {}),
        ...(narrowing ? { narrowing } : {}),
        ...(options.maxChunks !== undefined ? { maxChunks: options.maxChunks } : {}),
      },
      (progress) => options.onProgress?.(where, progress),
      extra,
    );
    const sweep = seconds(sweeping);
    const checking = performance.now();
    if (options.checks) {
      const subjects: CheckSubject[] = [...extra.map((subject) => ({ profile: subject.profile, subject }))];
      for (const profile of here) {
        try {
          const created = await settleWithin(host.create(profile), options.deadlineMs, () => new DeadlineError(`${profile.name}: creating the subject in ${where} did not settle within ${options.deadlineMs / 1000} s`));
          subjects.push({ profile, subject: created });
        } catch (error) {
          subjects.push({ profile, error: (error as Error).message });
        }
      }
      try {
        await options.checks(target, host, subjects);
      } finally {
        await Promise.all(
          subjects.slice(extra.length).map((s) =>
            s.subject ? settleWithin(Promise.resolve().then(() => s.subject!.backend.dispose()), options.deadlineMs, () => new DeadlineError('dispose() hung')).catch(() => {}) : undefined,
          ),
        );
      }
    }
    const failures = outcome.failures.map((f) => ({ ...f, where }));
    return { ...base, label: host.label, place: host.place, rows: outcome.rows, failures, seconds: { open, sweep, checks: seconds(checking) } };
  } finally {
    await host.close().catch(() => {});
  }
}

/** Runs every target, `parallel` at a time, and returns their outcomes in target order. */
export async function runSuite(targets: readonly SuiteTarget[], profiles: readonly SubjectProfile[], options: RunSuiteOptions): Promise<EnvironmentOutcome[]> {
  const outcomes: EnvironmentOutcome[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      outcomes[index] = await runTarget(targets[index]!, profiles, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel ?? 2, targets.length)) }, worker));
  return outcomes;
}

/** Where a subject of `profile` in `place` ran, in one line ('node22 cold', 'chromium optimized, GPU SwiftShader'). */
export function describePlacement(place: Place, profile: SubjectProfile): string {
  return describeWhere(whereIn(place, profile.gpu));
}
