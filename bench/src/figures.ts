import { OP_NAMES, type DType, type OpName } from '@relu/core';
import type { BenchResult } from './run-benchmarks.js';

/**
 * The speed table, pivoted once for every view (terminal, HTML, Markdown, the README table):
 * rows are (backend, environment), columns sizes, each cell the figures of that row at that size
 * (one per run when several runs are merged). Baselines that run no op appear in every op's table.
 */
export interface FigureRow {
  readonly backend: string;
  /** The environment's name ('node20', 'chromium') and label ('Node 20.20.2'). */
  readonly environment: string;
  readonly environmentLabel: string;
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
    return { backend: first.backend, environment: first.environment, environmentLabel: first.environmentLabel ?? first.environment, role: first.role, cells: sizes.map((size) => inRow.filter((r) => r.size === size)) };
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

/**
 * The runtime x backend pivot: for one op, dtype and size, a row per backend and a column per
 * environment (in the order measured), each cell the figures of that backend there (one per run
 * when runs are merged). Baselines that run no op appear in every op's table.
 */
export interface RuntimeTable {
  readonly dtype: DType;
  readonly op: OpName;
  readonly size: number;
  readonly environments: readonly { readonly name: string; readonly label: string }[];
  readonly rows: readonly { readonly backend: string; readonly role: BenchResult['role']; readonly cells: readonly (readonly BenchResult[])[] }[];
}

export function runtimeTable(results: readonly BenchResult[], dtype: DType, op: OpName, size: number): RuntimeTable {
  const figures = results.filter((r) => r.dtype === dtype && r.size === size && (r.op === op || r.op === null));
  const environments = [...new Map(results.map((r) => [r.environment, { name: r.environment, label: r.environmentLabel ?? r.environment }])).values()];
  const backends = [...new Map(figures.map((r) => [r.backend, r.role])).entries()];
  const rows = backends.map(([backend, role]) => ({ backend, role, cells: environments.map((e) => figures.filter((r) => r.backend === backend && r.environment === e.name)) }));
  rows.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
  return { dtype, op, size, environments, rows };
}

/** The size the runtime tables compare environments at: 1e6 (memory speed shows, software GPUs still run), else the largest measured below it. */
export const RUNTIME_TABLE_SIZE = 1e6;

/** The runtime tables of the results: per op, float32, at RUNTIME_TABLE_SIZE (or the largest size below it), and at n = 1 (per call). */
export function runtimeTables(results: readonly BenchResult[]): { ratio: RuntimeTable[]; perCall: RuntimeTable[] } {
  const float32 = results.filter((r) => r.dtype === 'float32' && r.role !== 'baseline');
  const sizes = [...new Set(float32.map((r) => r.size))].sort((a, b) => a - b);
  const headline = sizes.filter((s) => s <= RUNTIME_TABLE_SIZE).pop() ?? sizes[sizes.length - 1];
  const ops = opsOf(float32);
  const tablesAt = (size: number) => ops.map((op) => runtimeTable(results, 'float32', op, size)).filter((t) => t.rows.some((row) => row.role !== 'baseline'));
  return {
    ratio: headline === undefined ? [] : tablesAt(headline),
    perCall: sizes.includes(1) && headline !== 1 ? tablesAt(1) : [],
  };
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
