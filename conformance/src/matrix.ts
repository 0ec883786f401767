import Table from 'cli-table3';
import { DTYPES } from '@relu/core';
import { classesOf } from './input-classes.js';
import { describeRun } from './run-description.js';
import type { CellVerdict, SubjectResult } from './verdict.js';

/**
 * The conformance matrix for a terminal: per dtype, subjects x input classes, each cell pass,
 * declared (its reason listed below the table) or FAIL, with the number of inputs checked.
 */
const CELL: Readonly<Record<CellVerdict, string>> = {
  pass: 'pass',
  declared: 'declared',
  FAIL: 'FAIL',
  stale: 'FAIL stale',
  unchecked: '-',
};


export function renderMatrix(results: readonly SubjectResult[]): string {
  const out: string[] = [];
  for (const dtype of DTYPES) {
    const rows = results.filter((r) => r.dtype === dtype);
    if (rows.length === 0) continue;
    const classes = classesOf(dtype);
    const table = new Table({
      head: ['subject', 'mode', 'ran on', 'checked', ...classes, 'verdict'],
      style: { head: [], border: [] },
    });
    const notes: string[] = [];
    for (const r of rows) {
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
        if (cell.verdict === 'declared') notes.push(`  ${r.name} ${cell.class}: ${cell.reason} (${cell.declaredMismatches.toLocaleString('en-US')} inputs, e.g. ${cell.examples.map((e) => `${e.input} -> ${e.actual}`).join(', ')})`);
        if (cell.verdict === 'FAIL') notes.push(`  ${r.name} ${cell.class}: FAIL, ${cell.mismatches} undeclared, e.g. ${cell.examples.map((e) => `${e.input} -> ${e.actual} (expected ${e.expected})`).join(', ')}`);
        if (cell.verdict === 'stale') notes.push(`  ${r.name} ${cell.class}: FAIL stale: declared "${cell.reason}" but it no longer occurs`);
      }
      if (r.error) notes.push(`  ${r.name}: FAIL: ${r.error}`);
    }
    out.push(`${dtype} (${rows[0]!.sweep.split(':')[0]}${rows.some((r) => r.sweep !== rows[0]!.sweep) ? ', some subjects narrower' : ''})`, table.toString());
    if (notes.length > 0) out.push(notes.join('\n'));
    out.push('');
  }
  return out.join('\n');
}

/** The --json document: one entry per subject and dtype. */
export function resultsDocument(results: readonly SubjectResult[], run: { kind: string; seed: number }) {
  return {
    sweep: run.kind,
    seed: run.seed,
    subjects: results.map((r) => ({
      name: r.name,
      dtype: r.dtype,
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
    })),
  };
}
