import Table from 'cli-table3';
import { DTYPES, OPS, OP_NAMES, isFloatDType } from '@relu/core';
import { classesOf } from './input-classes.js';
import { describeNanPayload } from './nan-payload.js';
import { describeRun } from './run-description.js';
import { describeContext, describeWhere } from './scope.js';
import type { CellVerdict, SubjectFailure, SubjectResult } from './verdict.js';

/**
 * The conformance matrix for a terminal: per op (with its attributes), dtype and array form,
 * subjects x environments (runtime or browser, tier, GPU stack) x input classes, each cell pass,
 * declared (its reason listed below the table) or FAIL, with the number of inputs checked and,
 * for floats, what the subject did to NaN payloads (informational); then every subject that could
 * not run, and what was left out where.
 */
const CELL: Readonly<Record<CellVerdict, string>> = {
  pass: 'pass',
  declared: 'declared',
  FAIL: 'FAIL',
  stale: 'FAIL stale',
  unchecked: '-',
};

/** Rows of one subject side by side across environments: by subject, then environment, then tier. */
function byPlace(a: SubjectResult, b: SubjectResult, order: readonly string[]): number {
  return order.indexOf(a.name) - order.indexOf(b.name) || a.context.environment.localeCompare(b.context.environment) || a.context.tier.localeCompare(b.context.tier);
}

export function renderMatrix(rows: readonly SubjectResult[], failures: readonly SubjectFailure[] = [], notices: readonly string[] = []): string {
  const out: string[] = [];
  const subjectOrder = [...new Set(rows.map((r) => r.name))];
  const contexts = [...new Map(rows.map((r) => [describeContext(r.context), r.context])).values()].sort(
    (a, b) => OP_NAMES.indexOf(a.op) - OP_NAMES.indexOf(b.op) || DTYPES.indexOf(a.dtype) - DTYPES.indexOf(b.dtype) || (a.array ?? '').localeCompare(b.array ?? ''),
  );
  for (const context of contexts) {
    const title = describeContext(context);
    const group = rows.filter((r) => describeContext(r.context) === title).sort((a, b) => byPlace(a, b, subjectOrder));
    const classes = classesOf(context.dtype, OPS[context.op]);
    const floats = isFloatDType(context.dtype);
    const table = new Table({ head: ['subject', 'mode', 'where', 'ran on', 'checked', ...classes, ...(floats ? ['NaN payload'] : []), 'verdict'], style: { head: [], border: [] } });
    const notes: string[] = [];
    // A declared cell that reads the same in many environments is listed once, with where.
    const declared = new Map<string, { places: string[]; inputs: number; examples: string }>();
    for (const r of group) {
      const at = `${r.name} (${describeWhere(r.context)})`;
      table.push([
        `${r.name}${r.peer ? ' (peer)' : ''}`,
        r.mode,
        describeWhere(r.context),
        describeRun(r.info),
        r.checked.toLocaleString('en-US'),
        ...classes.map((c) => {
          const cell = r.cells.find((x) => x.class === c);
          if (!cell) return '-';
          return cell.verdict === 'FAIL' ? `FAIL ${cell.mismatches}` : CELL[cell.verdict];
        }),
        ...(floats ? [describeNanPayload(r.nanPayload)] : []),
        r.error ? 'FAIL (error)' : r.verdict,
      ]);
      for (const cell of r.cells) {
        const shown = (examples: typeof cell.examples, withExpected: boolean) => examples.map((e) => `${e.input} -> ${e.actual}${withExpected ? ` (expected ${e.expected})` : ''}`).join(', ');
        if (cell.verdict === 'declared') {
          const entry = declared.get(`${r.name} ${cell.class}: ${cell.reason}`) ?? { places: [], inputs: 0, examples: shown(cell.examples, false) };
          entry.places.push(describeWhere(r.context));
          entry.inputs += cell.declaredMismatches;
          declared.set(`${r.name} ${cell.class}: ${cell.reason}`, entry);
        }
        if (cell.verdict === 'FAIL') notes.push(`  ${at} ${cell.class}: FAIL, ${cell.mismatches.toLocaleString('en-US')} undeclared, e.g. ${shown(cell.examples, true)}`);
        for (const d of cell.deviations) if (d.stale) notes.push(`  ${at} ${cell.class}: FAIL stale: declared "${d.reason}" (becomes ${d.becomes.join(' or ')}) but it no longer occurs here`);
      }
      if (r.error) notes.push(`  ${at}: FAIL: ${r.error}`);
    }
    notes.unshift(...[...declared].map(([what, { places, inputs, examples }]) => `  ${what} (${inputs.toLocaleString('en-US')} inputs in ${places.length === 1 ? places[0] : `${places.length} places: ${places.join(', ')}`}; e.g. ${examples})`));
    const plans = [...new Set(group.map((r) => r.sweep.split(':')[0]))];
    out.push(`${title} (${plans.join(' / ')})`, table.toString());
    if (notes.length > 0) out.push(notes.join('\n'));
    out.push('');
  }
  if (rows.length === 0) out.push('FAIL: the matrix has no rows: nothing was checked', '');
  for (const notice of notices) out.push(`note: ${notice}`);
  for (const f of failures) out.push(`${f.skipped ? 'skipped' : 'FAIL: did not run'}: ${f.name} (${f.where ?? f.environment}): ${f.reason}`);
  return out.join('\n');
}

/** True when the run proves what it claims: rows exist, none fails, and every subject ran (a skip is not a failure). */
export function runConforms(rows: readonly SubjectResult[], failures: readonly SubjectFailure[]): boolean {
  return rows.length > 0 && rows.every((r) => r.verdict !== 'FAIL') && failures.every((f) => f.skipped);
}

/** The --json document: one entry per row, each with its context, and the subjects that did not run. */
export function resultsDocument(
  rows: readonly SubjectResult[],
  failures: readonly SubjectFailure[],
  run: { kind: string; seed: number; deadlineMs: number },
  environments: readonly { readonly name: string; readonly tier: string; readonly label: string; readonly engineVersion?: string; readonly gpus?: Readonly<Record<string, string>>; readonly seconds: Readonly<Record<string, number>>; readonly notices: readonly string[] }[] = [],
) {
  return {
    sweep: run.kind,
    seed: run.seed,
    deadlineSeconds: run.deadlineMs / 1000,
    conforms: runConforms(rows, failures),
    environments,
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
      ...(r.nanPayload ? { nanPayload: r.nanPayload } : {}),
    })),
    failures,
  };
}
