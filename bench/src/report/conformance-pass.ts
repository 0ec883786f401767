import { type SubjectProfile, type SubjectResult, openSubjectEnvironment } from '@relu/conformance';
import type { ReluBackend } from '@relu/core';
import { type SpecialValueOutcome, mapSpecialValues } from './special-values-map.js';

/**
 * The report's quick conformance pass: every selected subject swept on the quick plan, and the
 * special values of float32 through each. It reads @relu/conformance structurally, so that it
 * runs on the suite as it is and as it becomes with ops as values: rows may carry an `op`
 * (absent means ReLU), a sweep may return its rows alone or { rows, failures }, an environment
 * may list subjects it could not create as `unavailable` or `failures`, and a sweep may need a
 * per-call deadline.
 */
export interface ConformancePass {
  readonly results: SubjectResult[];
  readonly specialValues: SpecialValueOutcome[];
  /** Subjects that did not start or did not run, and why. */
  readonly notes: string[];
}

/** The per-call deadline of the pass: the suite's default, 120 s (its slowest subject fits in it). */
const DEADLINE_MS = 120_000;

interface AnyEnvironment {
  readonly subjects: readonly { readonly profile: SubjectProfile; readonly backend: ReluBackend }[];
  readonly unavailable?: readonly { readonly profile: SubjectProfile; readonly reason: string }[];
  readonly failures?: readonly { readonly name: string; readonly reason: string }[];
  sweep(options: { kind: 'quick'; seed: number; deadlineMs: number }, onProgress: (progress: { dtype: string; done: number; total: number; subjects: readonly string[] }) => void): Promise<unknown>;
  close(): Promise<void>;
}
type OpenEnvironment = (profiles: readonly SubjectProfile[], extra: readonly never[], options: { deadlineMs: number }) => Promise<AnyEnvironment>;

export async function conformancePass(profiles: readonly SubjectProfile[], seed: number, onProgress: (line: string, final: boolean) => void): Promise<ConformancePass> {
  const notes: string[] = [];
  const environment = await (openSubjectEnvironment as unknown as OpenEnvironment)(profiles, [], { deadlineMs: DEADLINE_MS });
  try {
    environment.unavailable?.forEach((u) => notes.push(`${u.profile.name} unavailable: ${u.reason}`));
    environment.failures?.forEach((f) => notes.push(`${f.name} unavailable: ${f.reason}`));
    const swept = await environment.sweep({ kind: 'quick', seed, deadlineMs: DEADLINE_MS }, (p) =>
      onProgress(`  sweep ${p.dtype} ${((100 * p.done) / p.total).toFixed(0)}% (${p.subjects.join(', ')})`, false),
    );
    onProgress('  sweep done', true);
    const outcome = Array.isArray(swept) ? { rows: swept as SubjectResult[], failures: [] } : (swept as { rows: SubjectResult[]; failures: readonly { name: string; reason: string }[] });
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

/** A row's op: rows written before ops were values are ReLU's. */
export function rowOp(row: SubjectResult): string {
  return (row as { readonly op?: string }).op ?? 'relu';
}

/** The input classes of a group of rows, in the order their cells list them (an op with kinks splits classes there). */
export function classesOfRows(rows: readonly SubjectResult[]): string[] {
  return [...new Set(rows.flatMap((r) => r.cells.map((c) => c.class as string)))];
}
