import { type FigureRow, type FigureTable, figureTable, formatSize, opsOf } from '../figures.js';
import type { OpName } from '@relu/core';
import type { BenchEnvironment } from '../environment.js';
import type { MachineInfo } from '../machine.js';
import type { BenchResult } from '../run-benchmarks.js';

/**
 * The README's speed table, generated from `npm run bench -- --json` files: one row per case,
 * environment and op, each cell the range (min-max) of that figure's median over the runs.
 * Typing figures by hand let the README drift from what the bench measures.
 */
export interface BenchRun {
  readonly machine: MachineInfo & { readonly browser?: string };
  /** Where the run measured (absent in files of a bench that measured in Node and Chromium only). */
  readonly environments?: readonly (Pick<BenchEnvironment, 'name' | 'label'> & { readonly gpu?: BenchEnvironment['gpu'] })[];
  readonly results: readonly BenchResult[];
}

/** How the README names each case; a case not listed is shown by its bench name. */
const LABELS: Readonly<Record<string, string>> = {
  'wasm-zero-copy': '`@relu/wasm` zero-copy, in place',
  'wasm-zero-copy-into': '`@relu/wasm` zero-copy, x into another tensor',
  'wasm-threads-zero-copy': '`@relu/wasm` zero-copy, in place, worker threads',
  wasm: '`@relu/wasm` `run()` (copies in, new array out)',
  'wasm-browser': '`@relu/wasm` `run()` (copies in, new array out)',
  'wasm-threads': '`@relu/wasm` `run()`, worker threads',
  'wasm-threads-browser': '`@relu/wasm` `run()`, worker threads',
  'core-into': '`@relu/core` `op(x, { out })`',
  'core-new-array': '`@relu/core` `op(x)` (new array)',
  core: '`@relu/core` `run()` (new array out)',
  webgpu: '`@relu/webgpu` `run()` (upload, kernel, readback)',
  webgl: '`@relu/webgl` `run()` (upload, draw, readback)',
  'onnx-cpu': '`@relu/onnx` cpu, raw',
  'onnx-cpu-canonical': '`@relu/onnx` cpu, canonical',
  'onnx-web-wasm': '`@relu/onnx` wasm, raw',
  'onnx-web-wasm-canonical': '`@relu/onnx` wasm, canonical',
  'onnx-web-wasm-browser': '`@relu/onnx` wasm, raw',
  'onnx-web-wasm-browser-canonical': '`@relu/onnx` wasm, canonical',
  'onnx-web-webgpu': '`@relu/onnx` webgpu, raw',
  'onnx-web-webgpu-canonical': '`@relu/onnx` webgpu, canonical',
  'onnx-web-webgl': '`@relu/onnx` webgl, raw',
  'onnx-web-webgl-canonical': '`@relu/onnx` webgl, canonical',
  'tfjs-cpu': 'tfjs-cpu (peer)',
  'tfjs-wasm': 'tfjs-wasm (peer)',
  'tfjs-webgl': 'tfjs-webgl (peer)',
  'tfjs-webgpu': 'tfjs-webgpu (peer)',
  'js-math-max': '`Math.max(0, x)` loop (peer)',
  'js-ternary': '`x > 0 ? x : 0` loop (peer)',
};

const ROLE_ORDER: readonly BenchResult['role'][] = ['direct', 'backend', 'peer', 'baseline'];
/** Where a row was measured: its environment's label ('Node 20.20.2', 'Bun 1.4.5'); files of the bench before runtimes said 'node' or 'browser'. */
const OLD_WHERE: Readonly<Record<string, string>> = { node: 'Node', browser: 'Chromium' };
const whereOf = (row: FigureRow) => (row.environmentLabel !== row.environment ? row.environmentLabel : (OLD_WHERE[row.environment] ?? row.environment));

/** Two decimals from 0.1 up, two significant digits below (0.0002, 0.006): the README's style. */
function formatRatio(value: number): string {
  return value >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
}

/** Microseconds as the README writes them: 0.07, 1.4, 15. */
function formatUs(seconds: number): string {
  const us = seconds * 1e6;
  return us >= 10 ? us.toFixed(0) : us >= 1 ? us.toFixed(1) : us.toFixed(2);
}

/** min-max of the figures, one value when both print the same; "(k of n runs)" when some runs lack it. */
function range(values: readonly number[], format: (v: number) => string, runs: number, unit = ''): string {
  if (values.length === 0) return '';
  const [low, high] = [format(Math.min(...values)), format(Math.max(...values))];
  const shown = `${low === high ? low : `${low}-${high}`}${unit}`;
  return values.length < runs ? `${shown} (${values.length} of ${runs} runs)` : shown;
}

export interface ReadmeTableOptions {
  /** Sizes shown as ratio columns (besides the per-call time at n = 1). Default 1e4, 1e6, 1.6e7. */
  readonly sizes?: readonly number[];
}

/** Which environments' GPU rows ran on a software rasteriser: said in the caption, since those figures say nothing about a GPU. */
function softwareGpus(runs: readonly BenchRun[]): string {
  const stacks = new Map<string, Set<string>>();
  for (const e of runs.flatMap((r) => r.environments ?? [])) {
    for (const stack of [e.gpu?.webgpu, e.gpu?.webgl]) if (stack?.kind === 'software') stacks.set(e.name, (stacks.get(e.name) ?? new Set()).add(stack.on));
  }
  if (stacks.size === 0) return '';
  return `WebGPU and WebGL rows ran on software rasterisers (${[...stacks].map(([name, on]) => `${name}: ${[...on].join('; ')}`).join('. ')}): they say nothing about a real GPU. `;
}

export function renderReadmeTable(runs: readonly BenchRun[], options: ReadmeTableOptions = {}): string {
  if (runs.length === 0) throw new RangeError('renderReadmeTable: give at least one run');
  const results = runs.flatMap((run) => run.results.filter((r) => r.dtype === 'float32'));
  const measured = new Set(results.map((r) => r.size));
  const sizes = (options.sizes ?? [1e4, 1e6, 1.6e7]).filter((size) => measured.has(size));
  const perCall = measured.has(1);
  const rows: { row: FigureRow; op: string; table: FigureTable }[] = [];
  const ops = opsOf(results);
  for (const op of ops) {
    const table = figureTable(results, 'float32', op);
    for (const row of table.rows) {
      const runsNoOp = row.cells.flat().every((r) => r.op === null);
      // A baseline that runs no op appears in every op's table: one row, op '-', under the first.
      if (!runsNoOp || op === ops[0]) rows.push({ row, op: runsNoOp ? '-' : op, table });
    }
  }
  // Grouped: by role, then each case's ops together in the registry's order.
  const caseOrder = [...new Set(rows.map((e) => `${e.row.backend}|${e.row.environment}`))];
  const rank = (e: (typeof rows)[number]) => [ROLE_ORDER.indexOf(e.row.role), caseOrder.indexOf(`${e.row.backend}|${e.row.environment}`), ops.indexOf(e.op as OpName)];
  rows.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  const cell = (entry: (typeof rows)[number], size: number) => entry.row.cells[entry.table.sizes.indexOf(size)] ?? [];
  const head = ['backend (float32)', 'op', 'where', ...(perCall ? ['per call, n = 1'] : []), ...sizes.map((s) => `n = ${formatSize(s)}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const entry of rows) {
    const label = LABELS[entry.row.backend] ?? (entry.row.role === 'baseline' ? `${entry.row.backend} (baseline)` : `\`${entry.row.backend}\``);
    const time = perCall ? [range(cell(entry, 1).map((r) => r.medianSeconds), formatUs, runs.length, ' us')] : [];
    const ratios = sizes.map((size) => range(cell(entry, size).map((r) => r.ratioToCopy), formatRatio, runs.length));
    if ([...time, ...ratios].every((c) => c === '')) continue;
    lines.push(`| ${[label, entry.op, whereOf(entry.row), ...time, ...ratios].join(' | ')} |`);
  }
  const placesOf = (r: BenchRun) => (r.environments ? r.environments.map((e) => e.label).join(', ') : `Node ${r.machine.node}${r.machine.browser ? `, ${r.machine.browser}` : ''}`);
  const machines = [...new Set(runs.map((r) => `${r.machine.cpu}, ${r.machine.cores} cores, ${placesOf(r)}`))];
  const dates = runs.map((r) => r.machine.date.slice(0, 10));
  const caption =
    `float32, random signs; ratio to \`dst.set(src)\` of the same bytes timed in the same run (higher is faster, 1 = memory speed); ` +
    `per call: median time at n = 1. Each cell is the range over ${runs.length} run${runs.length > 1 ? 's' : ''} (${[...new Set(dates)].join(', ')}) on ${machines.join('; ')}. ` +
    `${softwareGpus(runs)}Generated by \`node bench/dist/readme-table.js\` from \`npm run bench -- --json\` files.`;
  return `${caption}\n\n${lines.join('\n')}\n`;
}

/** Reads one `npm run bench -- --json` file's parsed content, or a TypeError naming the file and what is missing. */
export function parseRun(json: unknown, file: string): BenchRun {
  const run = json as Partial<BenchRun> | null;
  if (typeof run !== 'object' || run === null || !Array.isArray(run.results) || typeof run.machine !== 'object') {
    throw new TypeError(`${file}: not a \`npm run bench -- --json\` file (expected { machine, results: [...] })`);
  }
  run.results.forEach((r, i) => {
    if (typeof r?.backend !== 'string' || typeof r.size !== 'number' || typeof r.ratioToCopy !== 'number' || typeof r.medianSeconds !== 'number' || !('op' in r)) {
      throw new TypeError(`${file}: results[${i}] lacks backend, op, size, ratioToCopy or medianSeconds (written by an older bench?)`);
    }
  });
  return run as BenchRun;
}
