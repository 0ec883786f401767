import type { DType, OpName } from '@relu/core';
import type { InputClass } from './input-classes.js';
import type { NanPayloadSummary } from './nan-payload.js';
import type { DeviationOutcome } from './outcomes.js';
import type { SubjectProfile } from './profiles.js';
import type { RowContext } from './scope.js';
import type { MismatchExample, Tally } from './tally.js';

/**
 * pass: checked, no mismatch. declared: mismatches, all explained by a declared deviation of the
 * class. FAIL: an undeclared mismatch. stale: a declared deviation that never occurred although
 * its class was checked. unchecked: no input of the class was checked (narrow plans only).
 */
export type CellVerdict = 'pass' | 'declared' | 'FAIL' | 'stale' | 'unchecked';
export type SubjectVerdict = 'pass' | 'declared' | 'FAIL';

export interface CellDeviation {
  readonly becomes: readonly DeviationOutcome[];
  readonly reason: string;
  readonly mismatches: number;
  readonly stale: boolean;
}

export interface ClassCell {
  readonly class: InputClass;
  readonly verdict: CellVerdict;
  readonly checked: number;
  /** Mismatches no declared deviation explains. */
  readonly mismatches: number;
  /** Mismatches explained by a declared deviation. */
  readonly declaredMismatches: number;
  /** The declared deviations' reasons, joined (absent when none applies to the cell). */
  readonly reason?: string;
  readonly deviations: readonly CellDeviation[];
  readonly examples: readonly MismatchExample[];
}

/** One row of the conformance matrix: a subject in one context (op, attributes, dtype). */
export interface SubjectResult {
  readonly name: string;
  /** The row's context, as deviation scopes see it: op, attributes, dtype, array form, environment, engine, tier, GPU stack. */
  readonly context: RowContext;
  /** context.op and context.dtype, for filtering rows. */
  readonly op: OpName;
  readonly dtype: DType;
  readonly mode: SubjectProfile['mode'];
  readonly environment: SubjectProfile['environment'];
  readonly peer: boolean;
  /** What actually ran: the backend's info (runtime, execution provider, threads, browser). */
  readonly info: Readonly<Record<string, string | number | boolean>>;
  readonly sweep: string;
  readonly seed: number;
  readonly checked: number;
  readonly mismatchesByClass: Readonly<Partial<Record<InputClass, number>>>;
  readonly declared: readonly { readonly class: InputClass; readonly reason: string; readonly mismatches: number }[];
  readonly cells: readonly ClassCell[];
  readonly verdict: SubjectVerdict;
  readonly error?: string;
  /** Time spent in the subject's run() calls, and the slowest single call (what the deadline must exceed). */
  readonly seconds: number;
  readonly slowestCall: number;
  /** What the subject did to NaN inputs' bits (float dtypes): informational, SPEC.md lets any NaN stand for any NaN. */
  readonly nanPayload?: NanPayloadSummary;
}

/** A subject that could not run (not created, rejected, or skipped where its browser is missing), reported on its own. */
export interface SubjectFailure {
  readonly name: string;
  readonly environment: SubjectProfile['environment'];
  /** The environment and tier it was to run in ('node22 cold'); absent for the suite's own process. */
  readonly where?: string;
  readonly reason: string;
  /** Skipped, not failed: a browser subject where no browser is installed, outside CI. */
  readonly skipped: boolean;
}

export function summarize(
  profile: SubjectProfile,
  tally: Tally,
  extra: { info: SubjectResult['info']; sweep: string; seed: number; seconds: number; slowestCall?: number; nanPayload?: NanPayloadSummary; error?: string },
): SubjectResult {
  const cells: ClassCell[] = tally.classes.map((c) => {
    const declaredMismatches = c.deviations.reduce((sum, d) => sum + d.occurred, 0);
    const deviations = c.deviations.map((d) => ({ becomes: d.deviation.becomes, reason: d.deviation.reason, mismatches: d.occurred, stale: c.checked > 0 && d.occurred === 0 }));
    let verdict: CellVerdict;
    if (c.undeclared > 0) verdict = 'FAIL';
    else if (c.checked === 0) verdict = 'unchecked';
    else if (deviations.some((d) => d.stale)) verdict = 'stale';
    else verdict = declaredMismatches > 0 ? 'declared' : 'pass';
    return {
      class: c.class,
      verdict,
      checked: c.checked,
      mismatches: c.undeclared,
      declaredMismatches,
      ...(deviations.length > 0 ? { reason: [...new Set(deviations.map((d) => d.reason))].join('; ') } : {}),
      deviations,
      examples: c.undeclared > 0 ? c.examples : c.deviations.flatMap((d) => d.examples).slice(0, 3),
    };
  });
  const error = extra.error ?? (tally.checked === 0 ? 'checked no inputs: a row that checks nothing proves nothing' : undefined);
  const failed = error !== undefined || cells.some((c) => c.verdict === 'FAIL' || c.verdict === 'stale');
  const verdict: SubjectVerdict = failed ? 'FAIL' : cells.some((c) => c.verdict === 'declared') ? 'declared' : 'pass';
  const mismatchesByClass: Partial<Record<InputClass, number>> = {};
  for (const c of cells) if (c.mismatches + c.declaredMismatches > 0) mismatchesByClass[c.class] = c.mismatches + c.declaredMismatches;
  const { context } = tally;
  return {
    name: profile.name,
    context,
    op: context.op,
    dtype: context.dtype,
    mode: profile.mode,
    environment: profile.environment,
    peer: profile.peer ?? false,
    info: extra.info,
    sweep: extra.sweep,
    seed: extra.seed,
    checked: tally.checked,
    mismatchesByClass,
    declared: cells.filter((c) => c.reason !== undefined).map((c) => ({ class: c.class, reason: c.reason!, mismatches: c.declaredMismatches })),
    cells,
    verdict,
    ...(error !== undefined ? { error } : {}),
    seconds: extra.seconds,
    slowestCall: extra.slowestCall ?? 0,
    ...(extra.nanPayload ? { nanPayload: extra.nanPayload } : {}),
  };
}
