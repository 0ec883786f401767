import Table from 'cli-table3';
import type { BenchData } from './bench-data.js';
import { type FigureTable, type RuntimeTable, SMALL_TENSOR_MAX, figureTable, figureTables, formatMicroseconds, formatSize, opsOf, runtimeTables } from './figures.js';
import type { GoalOutcome } from './goals.js';
import { type Grid, gpuSection } from './gpu/gpu-section.js';
import type { BenchResult } from './run-benchmarks.js';

const roleLabel = (backend: string, role: BenchResult['role']) => (role === 'baseline' ? `${backend} (baseline)` : role === 'peer' ? `${backend} (peer)` : backend);

function terminalTable(table: FigureTable, cell: (figure: BenchResult) => string, sizes: readonly number[] = table.sizes): string {
  const out = new Table({ head: ['backend', 'where', ...sizes.map((s) => `n=${formatSize(s)}`)], style: { head: [], border: [] } });
  for (const row of table.rows) {
    const cells = sizes.map((size) => row.cells[table.sizes.indexOf(size)]?.[0]);
    if (cells.every((c) => c === undefined)) continue;
    out.push([roleLabel(row.backend, row.role), row.environment, ...cells.map((c) => (c ? cell(c) : ''))]);
  }
  return out.toString();
}

/** The runtime x backend table: a column per environment. */
function terminalRuntimeTable(table: RuntimeTable, cell: (figure: BenchResult) => string): string {
  const out = new Table({ head: ['backend', ...table.environments.map((e) => e.name)], style: { head: [], border: [] } });
  for (const row of table.rows) out.push([roleLabel(row.backend, row.role), ...row.cells.map((c) => (c[0] ? cell(c[0]) : ''))]);
  return out.toString();
}

export function terminalGrid(grid: Grid): string {
  const out = new Table({ head: [...grid.head], style: { head: [], border: [] } });
  grid.rows.forEach((row) => out.push([...row]));
  return `${grid.title}\n${out.toString()}`;
}

/** The floors table: each case's time as a multiple of the floors it was timed beside. */
function floorsTable(table: FigureTable): string | undefined {
  const lines = table.rows.flatMap((row) => {
    const floors = [...new Set(row.cells.flat().flatMap((r) => r.floors.map((f) => f.baseline)))];
    return floors.map((floor) => [roleLabel(row.backend, row.role), row.environment, floor, ...row.cells.map((c) => {
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
  return goals.map((g) => `  ${GOAL_MARK[g.status].padEnd(12)} ${g.title} [${g.environment}]: ${g.detail}${g.caveat ? ` -- ${g.caveat}` : ''}`).join('\n');
}

/** The environments measured, one line each: engine, tier and GPU stack. */
export function renderEnvironments(data: Pick<BenchData, 'environments'>): string {
  return data.environments.map((e) => `  ${e.name.padEnd(9)} ${e.label}, ${e.engine}, ${e.tier}`).join('\n');
}

/** Terminal tables of the figures: per op and dtype, backend x size; runtime x backend; per-call times; floors; the GPU section; goals. */
export function renderBenchTables(data: BenchData): string {
  const { results, firstCalls, goals } = data;
  const out: string[] = [];
  if (data.environments.length > 0) out.push('measured in (each figure a ratio to a copy timed in the same environment and run):', renderEnvironments(data), '');
  for (const table of figureTables(results)) {
    const what = table.op === null ? 'baselines' : table.op;
    out.push(`${what} ${table.dtype}: ratio to a copy of the same bytes, same run (higher is faster; 1 = memory speed)`, terminalTable(table, (r) => r.ratioToCopy.toFixed(3)), '');
  }
  const runtimes = runtimeTables(results);
  for (const table of runtimes.ratio) out.push(`${table.op} ${table.dtype} at n=${formatSize(table.size)}, runtime x backend: ratio to a copy timed in the same environment`, terminalRuntimeTable(table, (r) => r.ratioToCopy.toFixed(3)), '');
  for (const table of runtimes.perCall) out.push(`${table.op} ${table.dtype} at n=1, runtime x backend: time per call`, terminalRuntimeTable(table, (r) => formatMicroseconds(r.medianSeconds)), '');
  const [op] = opsOf(results);
  if (op !== undefined) {
    const main = figureTable(results, 'float32', op);
    const small = main.sizes.filter((s) => s <= SMALL_TENSOR_MAX);
    if (small.length > 0) out.push(`${op} float32, small tensors: time per call (median over rounds)`, terminalTable(main, (r) => formatMicroseconds(r.medianSeconds), small), '');
    const floors = floorsTable(main);
    if (floors) out.push(`${op} float32: time as a multiple of each floor timed in the same rounds (1 = at its floor)`, floors, '');
  }
  const gpu = gpuSection(results, data.gpuKernels, data.environments);
  if (gpu.grids.length > 0) out.push('GPU section:', ...gpu.stacks.map((s) => `  ${s}`), '', ...gpu.grids.flatMap((g) => [terminalGrid(g), '']));
  if (goals.length > 0) out.push('goals (float32, figures of this run):', renderGoals(goals), '');
  if (firstCalls.length > 0) {
    out.push(`first call (compile, session creation; not in the figures): ${firstCalls.map((f) => `${f.backend} [${f.environment}] ${f.op ?? ''} ${f.dtype} ${(f.seconds * 1e3).toFixed(1)} ms`).join(', ')}`);
  }
  return out.join('\n');
}
