import type { SubjectProfile } from './profiles.js';
import type { SweepKind } from './sweep-plans.js';
import type { Tier } from './scope.js';

/**
 * What runs where, and how much of it: the plan that keeps every subject in every environment
 * inside CI's budget (45 minutes for all of .ci/run on 2 cores). Data with reasons; the suite
 * prints every narrowing it applies, so nothing is left out silently.
 */

/** One environment the suite runs subjects in: a runtime or browser, in one tier. */
export interface PlanTarget {
  readonly name: string;
  readonly kind: 'runtime' | 'browser';
  readonly tier: Tier;
}

/** The environment of each kind where the requested plan runs in full (as before the suite ran anywhere else). */
export const PRIMARY: Readonly<Record<PlanTarget['kind'], string>> = { runtime: 'node20', browser: 'chromium' };

export function isPrimary(target: PlanTarget): boolean {
  return target.tier === 'optimized' && PRIMARY[target.kind] === target.name;
}

/** Sweeps outside the primary environments: every row stratified unless its profile asks for all patterns there. */
export const SECONDARY_SWEEP = {
  kind: 'stratified' as SweepKind,
  reason:
    'outside Node 20 and Chromium (optimized), float32 runs the 2^24 stratified plan, except the rows a profile sweeps exhaustively everywhere ("kind": "exhaustive": ReLU on core, wasm and webgpu); 16- and 8-bit dtypes stay exhaustive. Every environment at 2^32 for every op would not fit CI\'s 45 minutes on 2 cores',
};

/** The cold tier: the optimizing JIT tiers off, so JavaScript runs ~10-30x slower. */
export const COLD_SWEEP = {
  kind: 'stratified' as SweepKind,
  reason: 'with the optimizing tiers off a sweep runs about 10-30x slower, so the cold tier runs the 2^24 stratified plan (16- and 8-bit dtypes exhaustive)',
};

/**
 * The CI plan (what `npm test` runs under CI, and the CLI's default): in the primary environments
 * too, only the rows a profile marks "exhaustive" get all 2^32 float32 patterns. Measured on a
 * 2-core machine, the full plan's Node 20 sweep alone (9 subjects x 3 ops at 2^32) takes about
 * 25 minutes of one core, and Chromium's as long again, which leaves no room for the other 16
 * environments inside CI's 45 minutes.
 */
export const CI_PRIMARY_SWEEP = {
  kind: 'stratified' as SweepKind,
  reason:
    'the CI plan: in Node 20 and Chromium too, float32 runs the 2^24 stratified plan except the rows a profile sweeps exhaustively (ReLU on core, wasm, wasm-browser and webgpu everywhere; leakyRelu and relu6 on core and wasm in Node 20); 16- and 8-bit dtypes stay exhaustive. The full plan (RELU_CONFORMANCE=exhaustive, --kind exhaustive) sweeps every row at 2^32 here: about an hour more on 2 cores',
};

/** A suite plan: a sweep kind, or 'ci' (exhaustive where profiles say so, stratified elsewhere). */
export type SuitePlan = SweepKind | 'ci';
export const SUITE_PLANS: readonly SuitePlan[] = ['ci', 'exhaustive', 'stratified', 'quick'];

/** The sweep kind a plan requests, and whether the primary environments are narrowed too. */
export function resolvePlan(plan: SuitePlan): { readonly kind: SweepKind; readonly budgeted: boolean } {
  return plan === 'ci' ? { kind: 'exhaustive', budgeted: true } : { kind: plan, budgeted: false };
}

/** How a target's rows are narrowed beyond their profiles, with why (undefined in the primary environments of a full plan). */
export function narrowingFor(target: PlanTarget, budgeted = false): { readonly kind: SweepKind; readonly reason: string } | undefined {
  if (target.tier === 'cold') return COLD_SWEEP;
  if (!isPrimary(target)) return SECONDARY_SWEEP;
  return budgeted ? CI_PRIMARY_SWEEP : undefined;
}

/**
 * fast-check runs per property. In the primary environments every subject gets the requested
 * runs; elsewhere the sweeps carry the weight (they see every stratum in every environment), so
 * properties run fewer times, and for peers not at all: each remote call pays a round trip, and
 * fast-check through remote subjects was most of the suite's time.
 */
export const PROPERTY_RUNS = {
  secondaryOwn: 8,
  secondaryPeer: 0,
  reason:
    'outside Node 20 and Chromium (optimized) the fast-check properties run 8 times per property for this repository\'s backends and not for peers (tfjs, naive loops), whose behaviour there the sweeps record: every property call to a remote subject is a round trip, and all of them at full count would not fit CI\'s budget',
};

/** The fast-check runs of one subject's properties in one target, and why when fewer than requested. */
export function propertyRunsFor(target: PlanTarget, profile: SubjectProfile, requested: number): { readonly runs: number; readonly reason?: string } {
  if (isPrimary(target)) return { runs: requested };
  const runs = Math.min(requested, profile.peer ? PROPERTY_RUNS.secondaryPeer : PROPERTY_RUNS.secondaryOwn);
  return runs === requested ? { runs } : { runs, reason: PROPERTY_RUNS.reason };
}
