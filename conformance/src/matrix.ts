import Table from 'cli-table3';
import { DTYPES, OPS, OP_NAMES } from '@relu/core';
import { classesOf } from './input-classes.js';
import { describeRun } from './run-description.js';
import { describeContext } from './scope.js';
import type { CellVerdict, SubjectFailure, SubjectResult } from './verdict.js';

/**
 * The conformance matrix for a terminal: per op (with its attributes) and dtype, subjects x input
 * classes, each cell pass, declared (its reason listed below the table) or FAIL, with the number
 * of inputs checked; then every subject that could not run.
 */
const CELL: Readonly<Record<CellVerdict, string>> = {
  pass: 'pass',
  declared: 'declared',
  FAIL: 'FAIL',
  stale: 'FAIL stale',
  unchecked: '-',
};

export function renderMatrix(rows: readonly SubjectResult[], failures: readonly SubjectFailure[] = []): string {
  const out: string[] = [];
  const contexts = [...new Map(rows.map((r) => [describeContext(r.context), r.context])).values()].sort(
    (a, b) => OP_NAMES.indexOf(a.op) - OP_NAMES.indexOf(b.op) || DTYPES.indexOf(a.dtype) - DTYPES.indexOf(b.dtype),
  );
  for (const context of contexts) {
    const title = describeContext(context);
    const group = rows.filter((r) => describeContext(r.context) === title);
    const classes = classesOf(context.dtype, OPS[context.op]);
    const table = new Table({ head: ['subject', 'mode', 'ran on', 'checked', ...classes, 'verdict'], style: { head: [], border: [] } });
    const notes: string[] = [];
    for (const r of group) {
      table.push([
        `${r.name}${r.peer ? ' (peer)' : ''}`,
        r.mode,
        describeRun(r.info),
        r.checked.toLocaleString('en-US'),
        ...classes.map((c) => {
          const cell = r.cells.find((x) => x.class === c);
          if (!cell) return '-';
          return cell.verdict === 'FAIL' ? `FAIL ${cell.mismatches}` : CELL[cell.verdict];
        }),
        r.error ? 'FAIL (error)' : r.verdict,
      ]);
      for (const cell of r.cells) {
        const shown = (examples: typeof cell.examples, withExpected: boolean) => examples.map((e) => `${e.input} -> ${e.actual}${withExpected ? ` (expected ${e.expected})` : ''}`).join(', ');
        if (cell.verdict === 'declared') notes.push(`  ${r.name} ${cell.class}: ${cell.reason} (${cell.declaredMismatches.toLocaleString('en-US')} inputs, e.g. ${shown(cell.examples, false)})`);
        if (cell.verdict === 'FAIL') notes.push(`  ${r.name} ${cell.class}: FAIL, ${cell.mismatches.toLocaleString('en-US')} undeclared, e.g. ${shown(cell.examples, true)}`);
        for (const d of cell.deviations) if (d.stale) notes.push(`  ${r.name} ${cell.class}: FAIL stale: declared "${d.reason}" (becomes ${d.becomes.join(' or ')}) but it no longer occurs`);
      }
      if (r.error) notes.push(`  ${r.name}: FAIL: ${r.error}`);
    }
    const plans = [...new Set(group.map((r) => r.sweep.split(':')[0]))];
    out.push(`${title} (${plans.join(' / ')})`, table.toString());
    if (notes.length > 0) out.push(notes.join('\n'));
    out.push('');
  }
  if (rows.length === 0) out.push('FAIL: the matrix has no rows: nothing was checked', '');
  for (const f of failures) out.push(`${f.skipped ? 'skipped' : 'FAIL: did not run'}: ${f.name} (${f.environment}): ${f.reason}`);
  return out.join('\n');
}

/** True when the run proves what it claims: rows exist, none fails, and every subject ran (a skip is not a failure). */
export function runConforms(rows: readonly SubjectResult[], failures: readonly SubjectFailure[]): boolean {
  return rows.length > 0 && rows.every((r) => r.verdict !== 'FAIL') && failures.every((f) => f.skipped);
}

/** The --json document: one entry per row, each with its context, and the subjects that did not run. */
export function resultsDocument(rows: readonly SubjectResult[], failures: readonly SubjectFailure[], run: { kind: string; seed: number; deadlineMs: number }) {
  return {
    sweep: run.kind,
    seed: run.seed,
    deadlineSeconds: run.deadlineMs / 1000,
    conforms: runConforms(rows, failures),
    rows: rows.map((r) => ({
      name: r.name,
      context: r.context,
      mode: r.mode,
      environment: r.environment,
      peer: r.peer,
      info: r.info,
      sweep: r.sweep,
      checked: r.checked,
      mismatchesByClass: r.mismatchesByClass,
      declared: r.declared,
      verdict: r.verdict,
      ...(r.error ? { error: r.error } : {}),
      cells: r.cells,
      seconds: r.seconds,
      slowestCall: r.slowestCall,
    })),
    failures,
  };
}
