import type { SubjectProfile } from './profiles.js';
import type { OpName } from '@relu/core';
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
export const SECONDARY_SWEEP: Narrowing = {
  kind: 'stratified',
  reason:
    'outside Node 20 and Chromium (optimized), float32 runs the 2^24 stratified plan, except the rows a profile sweeps exhaustively everywhere ("kind": "exhaustive": ReLU on core, wasm and webgpu); 16- and 8-bit dtypes stay exhaustive. Every environment at 2^32 for every op would not fit CI\'s 45 minutes on 2 cores',
};

/** The cold tier: the optimizing JIT tiers off, so JavaScript runs ~10-30x slower. */
export const COLD_SWEEP: Narrowing = {
  kind: 'stratified',
  reason: 'with the optimizing tiers off a sweep runs about 10-30x slower, so the cold tier runs the 2^24 stratified plan (16- and 8-bit dtypes exhaustive)',
};

/** Rows a narrowing leaves at the requested plan: these subjects, in these environments (and ops). */
export interface PlanKeep {
  readonly subjects: readonly string[];
  readonly environments: readonly string[];
  readonly ops?: readonly OpName[];
}

/** How a target's rows are narrowed, with why. */
export interface Narrowing {
  readonly kind: SweepKind;
  readonly reason: string;
  /**
   * The CI plan: the profiles' "exhaustive" settings do not exempt rows, only `keeps` do. Without
   * it (the full plan) a profile setting of kind "exhaustive" in scope exempts its rows.
   */
  readonly strict?: boolean;
  readonly keeps?: readonly PlanKeep[];
}

/**
 * The CI plan (what `npm test` runs under CI, and the CLI's default). Measured on a 2-core
 * machine, the full plan's Node 20 sweep (9 subjects x 3 ops at 2^32) takes about 25 minutes of
 * one core, each browser's sweep of core, wasm and WebGPU at 2^32 about 12, each server runtime's
 * of core and wasm about 1.5, and the cold tier's stratified sweeps 1.5-3 each: about 85 minutes
 * of sweeps for 18 environments on 2 cores, where CI's 45 minutes hold about 25 for the whole
 * suite. So CI sweeps all 2^32 float32 patterns where SPEC.md's own backends are proven first:
 */
export const CI_EXHAUSTIVE: readonly PlanKeep[] = [
  // core and wasm: every op in Node 20 (the reference and the fastest exact backend).
  { subjects: ['core', 'wasm'], environments: ['node20'] },
  // WebGPU: ReLU on SwiftShader (the GPU kernel on every bit pattern, issue 10).
  { subjects: ['webgpu'], environments: ['chromium'], ops: ['relu'] },
];

export const CI_SWEEP: Narrowing = {
  kind: 'stratified',
  strict: true,
  keeps: CI_EXHAUSTIVE,
  reason:
    'the CI plan: float32 runs the 2^24 stratified plan (every sign x exponent stratum, each kink and its neighbours) except core and wasm in Node 20 (every op) and webgpu in Chromium (ReLU), which get all 2^32 patterns; 16- and 8-bit dtypes stay exhaustive. The full plan (RELU_CONFORMANCE=exhaustive, --kind exhaustive) also sweeps every row of Node 20 and Chromium, and core, wasm and webgpu ReLU in every other environment, at 2^32: about an hour more on 2 cores',
};

/** The cold tier under the CI plan. */
export const CI_COLD_SWEEP: Narrowing = {
  kind: 'quick',
  strict: true,
  reason:
    'the CI plan, cold tier: with the optimizing tiers off a sweep runs about 10-30x slower, so float32 runs the quick plan (every sign x exponent stratum, 1,024 each, kinks and their neighbours), 16- and 8-bit dtypes exhaustive; the full plan runs the 2^24 stratified plan here',
};

/** Whether a keep leaves this subject's row at the requested plan. */
export function keeps(narrowing: Narrowing, subject: string, context: { readonly environment: string; readonly op: OpName }): boolean {
  return (narrowing.keeps ?? []).some((k) => k.subjects.includes(subject) && k.environments.includes(context.environment) && (k.ops === undefined || k.ops.includes(context.op)));
}

/** A suite plan: a sweep kind, or 'ci' (exhaustive where profiles say so, stratified elsewhere). */
export type SuitePlan = SweepKind | 'ci';
export const SUITE_PLANS: readonly SuitePlan[] = ['ci', 'exhaustive', 'stratified', 'quick'];

/** The sweep kind a plan requests, and whether the primary environments are narrowed too. */
export function resolvePlan(plan: SuitePlan): { readonly kind: SweepKind; readonly budgeted: boolean } {
  return plan === 'ci' ? { kind: 'exhaustive', budgeted: true } : { kind: plan, budgeted: false };
}

/** How a target's rows are narrowed beyond their profiles, with why (undefined in the primary environments of a full plan). */
export function narrowingFor(target: PlanTarget, budgeted = false): Narrowing | undefined {
  if (budgeted) return target.tier === 'cold' ? CI_COLD_SWEEP : CI_SWEEP;
  if (target.tier === 'cold') return COLD_SWEEP;
  return isPrimary(target) ? undefined : SECONDARY_SWEEP;
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
  /** Chromium under the CI plan: 60 runs per property for its 16 subjects took over 7 minutes of round trips here. */
  ciBrowserPrimary: 15,
  ciBrowserReason:
    'the CI plan runs 15 per property in Chromium (every call is a round trip to the page: 60 for its 16 subjects took over 7 minutes on 2 cores); Node 20 runs the full count',
};

/** The fast-check runs of one subject's properties in one target, and why when fewer than requested. */
export function propertyRunsFor(target: PlanTarget, profile: SubjectProfile, requested: number, budgeted = false): { readonly runs: number; readonly reason?: string } {
  if (isPrimary(target)) {
    if (!budgeted || target.kind !== 'browser' || requested <= PROPERTY_RUNS.ciBrowserPrimary) return { runs: requested };
    return { runs: PROPERTY_RUNS.ciBrowserPrimary, reason: PROPERTY_RUNS.ciBrowserReason };
  }
  const runs = Math.min(requested, profile.peer ? PROPERTY_RUNS.secondaryPeer : PROPERTY_RUNS.secondaryOwn);
  return runs === requested ? { runs } : { runs, reason: PROPERTY_RUNS.reason };
}
