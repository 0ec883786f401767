import type { DType } from '@relu/core';
import type { InputClass } from './input-classes.js';
import type { SubjectProfile } from './profiles.js';
import type { MismatchExample, Tally } from './tally.js';

/**
 * pass: checked, no mismatch. declared: mismatches, all in a declared class with the declared
 * outcome. FAIL: an undeclared mismatch. stale: a declared deviation that never occurred although
 * its class was checked. unchecked: no input of the class was checked (quick plans only).
 */
export type CellVerdict = 'pass' | 'declared' | 'FAIL' | 'stale' | 'unchecked';
export type SubjectVerdict = 'pass' | 'declared' | 'FAIL';

export interface ClassCell {
  readonly class: InputClass;
  readonly verdict: CellVerdict;
  readonly checked: number;
  readonly mismatches: number;
  readonly declaredMismatches: number;
  readonly reason?: string;
  readonly examples: readonly MismatchExample[];
}

/** One row of the conformance matrix: a subject on one dtype. */
export interface SubjectResult {
  readonly name: string;
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
  readonly seconds: number;
}

export function cellVerdict(checked: number, mismatches: number, declaredMismatches: number, isDeclared: boolean): CellVerdict {
  if (mismatches > 0) return 'FAIL';
  if (checked === 0) return 'unchecked';
  if (isDeclared) return declaredMismatches > 0 ? 'declared' : 'stale';
  return 'pass';
}

export function summarize(
  profile: SubjectProfile,
  tally: Tally,
  extra: { info: SubjectResult['info']; sweep: string; seed: number; seconds: number; error?: string },
): SubjectResult {
  const cells: ClassCell[] = tally.classes.map((cls, i) => {
    const deviation = tally.declared[i];
    const verdict = cellVerdict(tally.checkedByClass[i]!, tally.mismatchesByClass[i]!, tally.declaredByClass[i]!, deviation !== undefined);
    return {
      class: cls,
      verdict,
      checked: tally.checkedByClass[i]!,
      mismatches: tally.mismatchesByClass[i]!,
      declaredMismatches: tally.declaredByClass[i]!,
      ...(deviation ? { reason: deviation.reason } : {}),
      examples: tally.mismatchesByClass[i]! > 0 ? tally.examplesByClass[i]! : tally.declaredExamplesByClass[i]!,
    };
  });
  const failed = extra.error !== undefined || cells.some((c) => c.verdict === 'FAIL' || c.verdict === 'stale');
  const verdict: SubjectVerdict = failed ? 'FAIL' : cells.some((c) => c.verdict === 'declared') ? 'declared' : 'pass';
  const mismatchesByClass: Partial<Record<InputClass, number>> = {};
  cells.forEach((c) => {
    if (c.mismatches + c.declaredMismatches > 0) mismatchesByClass[c.class] = c.mismatches + c.declaredMismatches;
  });
  return {
    name: profile.name,
    dtype: tally.dtype,
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
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    seconds: extra.seconds,
  };
}
