import { describeRun } from '@relu/conformance';
import { type FigureTable, type RuntimeTable, SMALL_TENSOR_MAX, figureTable, figureTables, formatMicroseconds, formatSize, opsOf, runtimeTables } from '../figures.js';
import { type Grid, gpuSection } from '../gpu/gpu-section.js';
import type { BenchResult } from '../run-benchmarks.js';
import { classesOfRows } from './conformance-pass.js';
import { type ReportData, fastestConforming } from './report-data.js';

const rowLabel = (row: FigureTable['rows'][number]) => `${row.backend}${row.role === 'baseline' || row.role === 'peer' ? ` (${row.role})` : ''}`;

function markdownTable(table: FigureTable, cell: (figure: BenchResult) => string, sizes: readonly number[] = table.sizes): string[] {
  const lines = [`| backend | where | ${sizes.map(formatSize).join(' | ')} |`, `|---|---|${sizes.map(() => '---').join('|')}|`];
  for (const row of table.rows) {
    const cells = sizes.map((size) => row.cells[table.sizes.indexOf(size)]?.[0]);
    if (cells.every((c) => c === undefined)) continue;
    lines.push(`| ${rowLabel(row)} | ${row.environment} | ${cells.map((c) => (c ? cell(c) : '')).join(' | ')} |`);
  }
  return lines;
}

function markdownRuntimeTable(table: RuntimeTable, cell: (figure: BenchResult) => string): string[] {
  return [
    `| backend | ${table.environments.map((e) => e.name).join(' | ')} |`,
    `|---|${table.environments.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.backend}${row.role === 'baseline' || row.role === 'peer' ? ` (${row.role})` : ''} | ${row.cells.map((c) => (c[0] ? cell(c[0]) : '')).join(' | ')} |`),
  ];
}

function markdownGrid(grid: Grid): string[] {
  return [`#### ${grid.title}`, '', `| ${grid.head.join(' | ')} |`, `|${grid.head.map(() => '---').join('|')}|`, ...grid.rows.map((row) => `| ${row.join(' | ')} |`), ''];
}

/** results.md: the report as Markdown tables, for pasting into issues and READMEs. */
export function renderMarkdown(data: ReportData): string {
  const lines: string[] = ['# relu cross-backend report', ''];
  const m = data.machine;
  lines.push(`Measured ${m.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.platform}, Node ${m.node}${m.browser ? `, ${m.browser}${m.gpu ? ` (GPU: ${m.gpu})` : ''}` : ''}.`, '');
  lines.push(`## Conformance (${data.conformance.kind} sweep, seed ${data.conformance.seed})`, '');
  const groups = new Map<string, typeof data.conformance.results>();
  for (const r of data.conformance.results) groups.set(`${r.op} ${r.dtype}`, [...(groups.get(`${r.op} ${r.dtype}`) ?? []), r]);
  for (const [group, rows] of groups) {
    const classes = classesOfRows(rows);
    lines.push(`### ${group}`, '', `| subject | ran on | checked | ${classes.join(' | ')} | verdict |`, `|---|---|---|${classes.map(() => '---').join('|')}|---|`);
    for (const r of rows) {
      const ranOn = describeRun(r.info);
      lines.push(`| ${r.name}${r.peer ? ' (peer)' : ''} | ${r.environment}: ${ranOn} | ${r.checked.toLocaleString('en-US')} | ${classes.map((c) => r.cells.find((x) => x.class === c)?.verdict ?? '-').join(' | ')} | **${r.verdict}** |`);
    }
    const declared = rows.flatMap((r) => r.declared.map((d) => `- ${r.name}, ${d.class}: ${d.reason}`));
    lines.push('', ...declared, '');
  }
  lines.push('## Speed: ratio to a copy of the same bytes (median of rounds; higher is faster, 1 = memory speed)', '');
  lines.push('### Goals', '', ...data.bench.goals.map((g) => `- **${g.status}**: ${g.title} [${g.environment}]: ${g.detail}${g.caveat ? ` (${g.caveat})` : ''}`), '');
  lines.push('### Where it was measured', '', ...data.bench.environments.map((e) => `- ${e.name}: ${e.label}, ${e.engine}, ${e.tier}`), '');
  const runtimes = runtimeTables(data.bench.results);
  for (const t of runtimes.ratio) lines.push(`### ${t.op}, ${t.dtype}, n = ${formatSize(t.size)}: runtime x backend (ratio to a copy timed in the same environment)`, '', ...markdownRuntimeTable(t, (r) => r.ratioToCopy.toFixed(3)), '');
  for (const t of runtimes.perCall) lines.push(`### ${t.op}, ${t.dtype}, n = 1: runtime x backend (time per call)`, '', ...markdownRuntimeTable(t, (r) => formatMicroseconds(r.medianSeconds)), '');
  const gpu = gpuSection(data.bench.results, data.bench.gpuKernels, data.bench.environments);
  if (gpu.grids.length > 0) lines.push('### GPU', '', ...gpu.stacks.map((s) => `- ${s}`), '', ...gpu.grids.flatMap(markdownGrid));
  for (const op of opsOf(data.bench.results)) {
    for (const table of figureTables(data.bench.results).filter((t) => t.op === op)) {
      lines.push(`### ${op}, ${table.dtype}`, '', ...markdownTable(table, (r) => r.ratioToCopy.toFixed(3)), '');
    }
    const float32 = figureTable(data.bench.results, 'float32', op);
    const small = float32.sizes.filter((size) => size <= SMALL_TENSOR_MAX);
    if (small.length > 0) lines.push(`### ${op}, float32, small tensors: time per call`, '', ...markdownTable(float32, (r) => formatMicroseconds(r.medianSeconds), small), '');
  }
  lines.push('### First call (module compile, session creation), not included above', '', '| backend | where | op | dtype | seconds |', '|---|---|---|---|---|');
  for (const f of data.bench.firstCalls) lines.push(`| ${f.backend} | ${f.environment} | ${f.op ?? ''} | ${f.dtype} | ${f.seconds.toFixed(4)} |`);
  lines.push('', '### Fastest conforming ReLU per target and size', '');
  for (const f of fastestConforming(data)) lines.push(`- ${f.environment}, n = ${formatSize(f.size)}: **${f.backend}** (${f.ratioToCopy.toFixed(2)}x copy)`);
  if (data.notes.length > 0) lines.push('', '## Notes', '', ...data.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
