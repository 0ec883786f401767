import { OP_NAMES, type DType, type OpName } from '@relu/core';
import type { BenchResult } from './run-benchmarks.js';

/**
 * The speed table, pivoted once for every view (terminal, HTML, Markdown, the README table):
 * rows are (backend, environment), columns sizes, each cell the figures of that row at that size
 * (one per run when several runs are merged). Baselines that run no op appear in every op's table.
 */
export interface FigureRow {
  readonly backend: string;
  readonly environment: 'node' | 'browser';
  readonly role: BenchResult['role'];
  /** Aligned with the table's sizes; empty where the row was not timed at that size. */
  readonly cells: readonly (readonly BenchResult[])[];
}

export interface FigureTable {
  readonly dtype: DType;
  /** null: a table of baselines only, for results in which no op was timed. */
  readonly op: OpName | null;
  readonly sizes: readonly number[];
  readonly rows: readonly FigureRow[];
}

/** The largest size the small-tensor views show (time per call rather than ratio to the copy). */
export const SMALL_TENSOR_MAX = 1e4;

const ROLE_ORDER: readonly BenchResult['role'][] = ['baseline', 'direct', 'backend', 'peer'];

/** The ops the results time, in the registry's order (relu first). */
export function opsOf(results: readonly BenchResult[]): OpName[] {
  return OP_NAMES.filter((op) => results.some((r) => r.op === op));
}

/** One op's table for one dtype: its figures and those of the baselines that run no op. */
export function figureTable(results: readonly BenchResult[], dtype: DType, op: OpName | null): FigureTable {
  const figures = results.filter((r) => r.dtype === dtype && (r.op === op || r.op === null));
  const sizes = [...new Set(figures.map((r) => r.size))].sort((a, b) => a - b);
  const keys = [...new Set(figures.map((r) => `${r.backend}|${r.environment}`))];
  const rows = keys.map((key) => {
    const inRow = figures.filter((r) => `${r.backend}|${r.environment}` === key);
    const first = inRow[0]!;
    return { backend: first.backend, environment: first.environment, role: first.role, cells: sizes.map((size) => inRow.filter((r) => r.size === size)) };
  });
  // Stable sort: baselines first, then direct calls, backends and peers, each in run order.
  rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  return { dtype, op, sizes, rows };
}

/** Every table of the results: per op (relu first), per dtype (in the order first measured). */
export function figureTables(results: readonly BenchResult[]): FigureTable[] {
  const dtypes = [...new Set(results.map((r) => r.dtype))];
  const ops: (OpName | null)[] = opsOf(results);
  if (ops.length === 0) ops.push(null);
  return ops.flatMap((op) => dtypes.map((dtype) => figureTable(results, dtype, op)).filter((t) => t.rows.some((row) => row.role !== 'baseline' || op === null)));
}

/** 1, 10, 100, 1e3 ... 1e6, 1.6e7: sizes as the README and issues write them. */
export function formatSize(size: number): string {
  if (size < 1000) return String(size);
  const exponent = Math.floor(Math.log10(size));
  const mantissa = +(size / 10 ** exponent).toFixed(2);
  return `${mantissa === 1 ? '' : mantissa}e${exponent}`.replace(/^e/, '1e');
}

/** A time per call for people: '0.031 us', '2.40 us', '15.2 us', '2.61 ms'. */
export function formatMicroseconds(seconds: number): string {
  const us = seconds * 1e6;
  if (us >= 1000) return `${+(us / 1000).toPrecision(3)} ms`;
  return `${us.toFixed(us < 1 ? 3 : us < 10 ? 2 : us < 100 ? 1 : 0)} us`;
}
