import Table from 'cli-table3';
import { type FigureTable, SMALL_TENSOR_MAX, figureTable, figureTables, formatMicroseconds, formatSize, opsOf } from './figures.js';
import type { GoalOutcome } from './goals.js';
import type { BenchResult, FirstCallCost } from './run-benchmarks.js';

const rowLabel = (row: FigureTable['rows'][number]) => (row.role === 'baseline' ? `${row.backend} (baseline)` : row.role === 'peer' ? `${row.backend} (peer)` : row.backend);

function terminalTable(table: FigureTable, cell: (figure: BenchResult) => string, sizes: readonly number[] = table.sizes): string {
  const out = new Table({ head: ['backend', 'where', ...sizes.map((s) => `n=${formatSize(s)}`)], style: { head: [], border: [] } });
  for (const row of table.rows) {
    const cells = sizes.map((size) => row.cells[table.sizes.indexOf(size)]?.[0]);
    if (cells.every((c) => c === undefined)) continue;
    out.push([rowLabel(row), row.environment, ...cells.map((c) => (c ? cell(c) : ''))]);
  }
  return out.toString();
}

/** The floors table: each case's time as a multiple of the floors it was timed beside. */
function floorsTable(table: FigureTable): string | undefined {
  const lines = table.rows.flatMap((row) => {
    const floors = [...new Set(row.cells.flat().flatMap((r) => r.floors.map((f) => f.baseline)))];
    return floors.map((floor) => [rowLabel(row), row.environment, floor, ...row.cells.map((c) => {
      const f = c[0]?.floors.find((x) => x.baseline === floor);
      return f ? `${f.times.toFixed(2)}x` : '';
    })]);
  });
  if (lines.length === 0) return undefined;
  const out = new Table({ head: ['backend', 'where', 'floor', ...table.sizes.map((s) => `n=${formatSize(s)}`)], style: { head: [], border: [] } });
  lines.forEach((line) => out.push(line));
  return out.toString();
}

const GOAL_MARK: Readonly<Record<GoalOutcome['status'], string>> = { met: 'met', 'not met': 'NOT MET', 'not measured': 'not measured', reported: 'reported' };

export function renderGoals(goals: readonly GoalOutcome[]): string {
  return goals.map((g) => `  ${GOAL_MARK[g.status].padEnd(12)} ${g.title}${g.environment === 'browser' ? ' (browser)' : ''}: ${g.detail}`).join('\n');
}

/** Terminal tables of the figures: per op and dtype, backend x size; per-call times; floors; goals. */
export function renderBenchTables(results: readonly BenchResult[], firstCalls: readonly FirstCallCost[], goals: readonly GoalOutcome[] = []): string {
  const out: string[] = [];
  for (const table of figureTables(results)) {
    const what = table.op === null ? 'baselines' : table.op;
    out.push(`${what} ${table.dtype}: ratio to a copy of the same bytes, same run (higher is faster; 1 = memory speed)`, terminalTable(table, (r) => r.ratioToCopy.toFixed(3)), '');
  }
  const [op] = opsOf(results);
  if (op !== undefined) {
    const main = figureTable(results, 'float32', op);
    const small = main.sizes.filter((s) => s <= SMALL_TENSOR_MAX);
    if (small.length > 0) out.push(`${op} float32, small tensors: time per call (median over rounds)`, terminalTable(main, (r) => formatMicroseconds(r.medianSeconds), small), '');
    const floors = floorsTable(main);
    if (floors) out.push(`${op} float32: time as a multiple of each floor timed in the same rounds (1 = at its floor)`, floors, '');
  }
  if (goals.length > 0) out.push('goals (float32, figures of this run):', renderGoals(goals), '');
  if (firstCalls.length > 0) {
    out.push(`first call (compile, session creation; not in the figures): ${firstCalls.map((f) => `${f.backend}${f.environment === 'browser' ? ' (browser)' : ''} ${f.op ?? ''} ${f.dtype} ${(f.seconds * 1e3).toFixed(1)} ms`).join(', ')}`);
  }
  return out.join('\n');
}
