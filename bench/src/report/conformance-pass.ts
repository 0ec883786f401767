import { DEFAULT_DEADLINE_SECONDS, type SubjectProfile, type SubjectResult, openSubjectEnvironment } from '@relu/conformance';
import { type SpecialValueOutcome, mapSpecialValues } from './special-values-map.js';

/**
 * The report's quick conformance pass: every selected subject swept on the quick plan, and the
 * special values of float32 through each.
 */
export interface ConformancePass {
  readonly results: SubjectResult[];
  readonly specialValues: SpecialValueOutcome[];
  /** Subjects that did not start or did not run, and why. */
  readonly notes: string[];
}

/** The per-call deadline of the pass: the suite's default (its slowest subject fits in it). */
const DEADLINE_MS = DEFAULT_DEADLINE_SECONDS * 1000;

export async function conformancePass(profiles: readonly SubjectProfile[], seed: number, onProgress: (line: string, final: boolean) => void): Promise<ConformancePass> {
  const notes: string[] = [];
  const environment = await openSubjectEnvironment(profiles, [], { deadlineMs: DEADLINE_MS });
  try {
    environment.failures.forEach((f) => notes.push(`${f.name} unavailable: ${f.reason}`));
    const outcome = await environment.sweep({ kind: 'quick', seed, deadlineMs: DEADLINE_MS }, (p) =>
      onProgress(`  sweep ${p.dtype} ${((100 * p.done) / p.total).toFixed(0)}% (${p.subjects.join(', ')})`, false),
    );
    onProgress('  sweep done', true);
    outcome.failures.forEach((f) => notes.push(`${f.name} did not run: ${f.reason}`));
    const specialValues = await mapSpecialValues(
      environment.subjects.map((s) => ({ name: s.profile.name, backend: s.backend })),
      'float32',
    );
    return { results: outcome.rows, specialValues, notes };
  } finally {
    await environment.close();
  }
}

/** The input classes of a group of rows, in the order their cells list them (an op with kinks splits classes there). */
export function classesOfRows(rows: readonly SubjectResult[]): string[] {
  return [...new Set(rows.flatMap((r) => r.cells.map((c) => c.class as string)))];
}
