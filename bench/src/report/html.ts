import { describeRun } from '@relu/conformance';
import { OPS } from '@relu/core';
import { type FigureTable, type RuntimeTable, SMALL_TENSOR_MAX, figureTable, figureTables, formatMicroseconds, formatSize, opsOf, runtimeTables } from '../figures.js';
import { type Grid, gpuSection } from '../gpu/gpu-section.js';
import type { BenchResult } from '../run-benchmarks.js';
import { classesOfRows } from './conformance-pass.js';
import { type ReportData, fastestConforming } from './report-data.js';

/** The rendered charts, by role, as SVG strings. */
export interface ReportCharts {
  readonly conformance: string;
  readonly specialValues: string;
  readonly throughput: string;
  readonly ratio: string;
  readonly runtimes: string;
  readonly smallTensors: string;
  readonly relu: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0; } .machine { color: #666; margin-top: .2rem; }
section { margin: 2rem 0; } figure { margin: 1rem 0; overflow-x: auto; }
table { border-collapse: collapse; font-size: 12px; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; } th:first-child, td:first-child { text-align: left; }
.pass { background: #e3f1dc; } .declared { background: #fbe9cf; } .FAIL, .stale { background: #f5c6c0; font-weight: bold; }
.note { color: #555; font-size: 13px; } tr.baseline td { color: #666; font-style: italic; }
.goals .met b { color: #4c9a2a; } .goals .not-met b { color: #c0392b; } .goals .not-measured b { color: #888; }`;

function verdictTables(data: ReportData): string {
  const groups = [...new Set(data.conformance.results.map((r) => `${r.op} ${r.dtype}`))];
  return groups
    .map((group) => {
      const rows = data.conformance.results.filter((r) => `${r.op} ${r.dtype}` === group);
      const classes = classesOfRows(rows);
      const body = rows
        .map((r) => {
          const ranOn = describeRun(r.info);
          const cells = classes.map((c) => {
            const cell = r.cells.find((x) => x.class === c);
            return `<td class="${cell?.verdict ?? ''}" title="${escape(cell?.reason ?? '')}">${cell ? (cell.verdict === 'FAIL' ? `FAIL ${cell.mismatches}` : cell.verdict) : '-'}</td>`;
          });
          return `<tr><td>${escape(r.name)}${r.peer ? ' (peer)' : ''}</td><td>${escape(`${r.environment}: ${ranOn}`)}</td><td>${r.checked.toLocaleString('en-US')}</td>${cells.join('')}<td class="${r.verdict}">${r.verdict}</td></tr>`;
        })
        .join('\n');
      const reasons = rows.flatMap((r) => r.declared.map((d) => `<li><b>${escape(r.name)}</b>, ${escape(d.class)}: ${escape(d.reason)}</li>`));
      return `<h3>${group}</h3><table><tr><th>subject</th><th>ran on</th><th>checked</th>${classes.map((c) => `<th>${escape(c)}</th>`).join('')}<th>verdict</th></tr>\n${body}</table>${reasons.length ? `<ul class="note">${reasons.join('')}</ul>` : ''}`;
    })
    .join('\n');
}

const rowLabel = (row: FigureTable['rows'][number]) => `${escape(row.backend)}${row.role === 'baseline' || row.role === 'peer' ? ` <span class="note">(${row.role})</span>` : ''}`;

function htmlTable(table: FigureTable, cell: (figure: BenchResult) => string, sizes: readonly number[] = table.sizes): string {
  const rows = table.rows
    .filter((row) => sizes.some((size) => (row.cells[table.sizes.indexOf(size)]?.length ?? 0) > 0))
    .map((row) => {
      const cells = sizes.map((size) => {
        const r = row.cells[table.sizes.indexOf(size)]?.[0];
        return r ? `<td title="${escape(`${formatMicroseconds(r.medianSeconds)} per call; ratio to copy ${r.spread.min.toFixed(3)}-${r.spread.max.toFixed(3)} over rounds`)}">${cell(r)}</td>` : '<td></td>';
      });
      return `<tr class="${row.role}"><td>${rowLabel(row)}</td><td>${row.environment}</td>${cells.join('')}</tr>`;
    });
  return `<table><tr><th>backend</th><th>where</th>${sizes.map((s) => `<th>n = ${formatSize(s)}</th>`).join('')}</tr>${rows.join('\n')}</table>`;
}

function runtimeHtmlTable(table: RuntimeTable, cell: (figure: BenchResult) => string): string {
  const rows = table.rows.map((row) => `<tr class="${row.role}"><td>${escape(row.backend)}${row.role === 'baseline' || row.role === 'peer' ? ` <span class="note">(${row.role})</span>` : ''}</td>${row.cells.map((c) => (c[0] ? `<td title="${escape(c[0].engine)}">${cell(c[0])}</td>` : '<td></td>')).join('')}</tr>`);
  return `<table><tr><th>backend</th>${table.environments.map((e) => `<th title="${escape(e.label)}">${escape(e.name)}</th>`).join('')}</tr>${rows.join('\n')}</table>`;
}

function htmlGrid(grid: Grid): string {
  return `<h4>${escape(grid.title)}</h4><table><tr>${grid.head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${grid.rows.map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n')}</table>`;
}

/** The runtime x backend tables: each op at the comparison size, and per call at n = 1. */
function runtimeSection(data: ReportData): string {
  const tables = runtimeTables(data.bench.results);
  const environments = data.bench.environments.map((e) => `<li><b>${escape(e.name)}</b>: ${escape(`${e.label}, ${e.engine}, ${e.tier}`)}</li>`);
  return `<ul class="note">${environments.join('')}</ul>
${tables.ratio.map((t) => `<h4>${t.op} ${t.dtype} at n = ${formatSize(t.size)}: ratio to a copy timed in the same environment</h4>${runtimeHtmlTable(t, (r) => r.ratioToCopy.toFixed(3))}`).join('\n')}
${tables.perCall.map((t) => `<h4>${t.op} ${t.dtype} at n = 1: time per call</h4>${runtimeHtmlTable(t, (r) => formatMicroseconds(r.medianSeconds))}`).join('\n')}`;
}

function gpuHtml(data: ReportData): string {
  const section = gpuSection(data.bench.results, data.bench.gpuKernels, data.bench.environments);
  if (section.grids.length === 0) return '<p class="note">No GPU figure in this run (no browser with WebGPU or WebGL measured).</p>';
  return `<ul class="note">${section.stacks.map((s) => `<li>${escape(s)}</li>`).join('')}</ul>${section.grids.map(htmlGrid).join('\n')}`;
}

/** What the GPU figures ran on, said next to them: software rasterisers say nothing about real GPUs. */
function gpuStackNote(data: ReportData): string {
  const software = data.bench.environments.filter((e) => e.gpu.webgpu.kind === 'software' || e.gpu.webgl.kind === 'software').map((e) => e.name);
  return software.length > 0
    ? `WebGL or WebGPU ran on software rasterisers here (${software.join(', ')}: the GPU emulated on the CPU), so those figures say nothing about real GPUs; the GPU section names each stack.`
    : 'The GPU section names the GPU stack of each figure.';
}

function floorsTable(table: FigureTable): string {
  const rows = table.rows.flatMap((row) =>
    [...new Set(row.cells.flat().flatMap((r) => r.floors.map((f) => f.baseline)))].map((floor) => {
      const cells = row.cells.map((c) => {
        const f = c[0]?.floors.find((x) => x.baseline === floor);
        return f ? `<td title="${escape(`rounds ${f.spread.min.toFixed(2)}-${f.spread.max.toFixed(2)}; floor ${formatMicroseconds(f.baselineSeconds)} per call`)}">${f.times.toFixed(2)}x</td>` : '<td></td>';
      });
      return `<tr><td>${rowLabel(row)}</td><td>${row.environment}</td><td>${escape(floor)}</td>${cells.join('')}</tr>`;
    }),
  );
  if (rows.length === 0) return '';
  return `<table><tr><th>backend</th><th>where</th><th>floor</th>${table.sizes.map((s) => `<th>n = ${formatSize(s)}</th>`).join('')}</tr>${rows.join('\n')}</table>`;
}

/** Per op: the ratio tables of every dtype, and for float32 the small-tensor times and the floors. */
function speedSections(data: ReportData): string {
  const ops = opsOf(data.bench.results);
  return ops
    .map((op) => {
      const tables = figureTables(data.bench.results).filter((t) => t.op === op);
      const float32 = figureTable(data.bench.results, 'float32', op);
      const small = float32.sizes.filter((size) => size <= SMALL_TENSOR_MAX);
      const floors = floorsTable(float32);
      return `<section id="speed-${op}"><h3>${op}: ${escape(OPS[op].summary)}${Object.keys(OPS[op].defaults).length ? ` (${escape(Object.entries(OPS[op].defaults).map(([k, v]) => `${k} = ${v}`).join(', '))})` : ''}</h3>
${tables.map((t) => `<h4>${t.dtype}: ratio to a copy of the same bytes</h4>${htmlTable(t, (r) => r.ratioToCopy.toFixed(3))}`).join('\n')}
${small.length ? `<h4>float32, small tensors: time per call</h4>${htmlTable(float32, (r) => formatMicroseconds(r.medianSeconds), small)}` : ''}
${floors ? `<h4>float32: time as a multiple of each floor, timed in the same rounds (1 = at its floor)</h4>${floors}` : ''}</section>`;
    })
    .join('\n');
}

function goalsList(data: ReportData): string {
  return `<ul class="goals">${data.bench.goals.map((g) => `<li class="${g.status.replace(' ', '-')}"><b>${g.status}</b>: ${escape(g.title)} [${escape(g.environment)}]: <span class="note">${escape(g.detail)}${g.caveat ? ` <b>${escape(g.caveat)}</b>` : ''}</span></li>`).join('')}</ul>`;
}

function firstCallTable(data: ReportData): string {
  const rows = data.bench.firstCalls.map((f) => `<tr><td>${escape(f.backend)}</td><td>${f.environment}</td><td>${f.op ?? ''}</td><td>${f.dtype}</td><td>${(f.seconds * 1e3).toFixed(2)}</td></tr>`);
  return `<table><tr><th>backend</th><th>where</th><th>op</th><th>dtype</th><th>ms</th></tr>${rows.join('')}</table>`;
}

export function renderHtml(data: ReportData, charts: ReportCharts): string {
  const m = data.machine;
  const picks = fastestConforming(data).map((f) => `<li>${f.environment}, n = ${formatSize(f.size)}: <b>${escape(f.backend)}</b> (${f.ratioToCopy.toFixed(2)}x a copy)</li>`);
  const includes = [...new Map(data.bench.results.map((r) => [r.backend, r])).values()].map((r) => `<li><b>${escape(r.backend)}</b>: ${escape(r.includes)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>relu: cross-backend report</title><style>${STYLE}</style></head>
<body>
<h1>relu: cross-backend report</h1>
<p class="machine">${escape(`${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.platform} · Node ${m.node}${m.browser ? ` · ${m.browser}` : ''}${m.gpu ? ` · GPU: ${m.gpu}` : ''}`)}</p>
<section id="pick"><h2>Which backend to pick</h2>
<p>Fastest ReLU that conforms to SPEC.md (bit for bit, NaN as NaN) per target and size:</p><ul>${picks.join('')}</ul>
<p class="note">Peers (tfjs, naive JS loops) and baselines (copies, allocations, onnxruntime's own session.run) are measured as references, not recommended. A backend with declared deviations changes your numbers in the classes listed under Conformance; its canonical mode does not.</p></section>
<section id="conformance"><h2>Conformance (${escape(data.conformance.kind)} sweep, seed ${data.conformance.seed})</h2>
<figure class="chart" id="chart-conformance">${charts.conformance}</figure>
${verdictTables(data)}</section>
<section id="special-values"><h2>Special values, backend by backend</h2><figure class="chart" id="chart-special">${charts.specialValues}</figure></section>
<section id="speed"><h2>Speed</h2>
<p class="note">Each figure is the ratio of the time to copy the same bytes (<code>dst.set(src)</code>) to the backend's time, both measured interleaved in the same run and environment; median over rounds. The baselines (<code>y.set(x)</code>, <code>x.slice()</code>, the minimal async run, new + copy in + copy out, a naive loop, the GPU round trips) are timed the same way, and each case is also timed in the same rounds as the floors that bound it. ${escape(gpuStackNote(data))}</p>
<figure class="chart" id="chart-ratio">${charts.ratio}</figure>
<h3 id="runtimes">Runtime x backend</h3>
<figure class="chart" id="chart-runtimes">${charts.runtimes}</figure>
${runtimeSection(data)}
<h3 id="gpu">GPU: kernels against copies on the same device, run() against upload + readback</h3>
${gpuHtml(data)}
<figure class="chart" id="chart-throughput">${charts.throughput}</figure>
<figure class="chart" id="chart-small">${charts.smallTensors}</figure>
<h3>Goals</h3>${goalsList(data)}
${speedSections(data)}
<h3>First call: module compile, session creation (not in the figures above)</h3>${firstCallTable(data)}
<h3>What a timed call includes</h3><ul class="note">${includes.join('')}</ul></section>
<section id="relu"><h2>ReLU itself</h2><figure class="chart" id="chart-relu">${charts.relu}</figure></section>
${data.notes.length ? `<section id="notes"><h2>Notes</h2><ul>${data.notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul></section>` : ''}
</body></html>
`;
}
