import { classesOf, describeRun } from '@relu/conformance/engine';
import { type ReportData, fastestConforming, formatSize } from './report-data.js';

/** The rendered charts, by role, as SVG strings. */
export interface ReportCharts {
  readonly conformance: string;
  readonly specialValues: string;
  readonly throughput: string;
  readonly ratio: string;
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
.note { color: #555; font-size: 13px; }`;

function verdictTables(data: ReportData): string {
  const dtypes = [...new Set(data.conformance.results.map((r) => r.dtype))];
  return dtypes
    .map((dtype) => {
      const rows = data.conformance.results.filter((r) => r.dtype === dtype);
      const classes = classesOf(dtype);
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
      return `<h3>${dtype}</h3><table><tr><th>subject</th><th>ran on</th><th>checked</th>${classes.map((c) => `<th>${escape(c)}</th>`).join('')}<th>verdict</th></tr>\n${body}</table>${reasons.length ? `<ul class="note">${reasons.join('')}</ul>` : ''}`;
    })
    .join('\n');
}

function speedTable(data: ReportData): string {
  const figures = data.bench.results.filter((r) => r.dtype === 'float32');
  const sizes = [...new Set(figures.map((r) => r.size))].sort((a, b) => a - b);
  const series = [...new Set(figures.map((r) => `${r.backend}|${r.environment}`))];
  const rows = series.map((key) => {
    const [backend, environment] = key.split('|') as [string, string];
    const cells = sizes.map((size) => {
      const r = figures.find((x) => x.backend === backend && x.environment === environment && x.size === size);
      return `<td title="${r ? `${(r.medianSeconds * 1e6).toFixed(2)} us per call, spread ${r.spread.min.toFixed(3)}-${r.spread.max.toFixed(3)}` : ''}">${r ? r.ratioToCopy.toFixed(3) : ''}</td>`;
    });
    return `<tr><td>${escape(backend)}</td><td>${environment}</td>${cells.join('')}</tr>`;
  });
  const perCall = figures.filter((r) => r.size === sizes[0]).map((r) => `<tr><td>${escape(r.backend)}</td><td>${r.environment}</td><td>${(r.medianSeconds * 1e6).toFixed(3)}</td></tr>`);
  const firstCalls = data.bench.firstCalls.map((f) => `<tr><td>${escape(f.backend)}</td><td>${f.environment}</td><td>${f.dtype}</td><td>${(f.seconds * 1e3).toFixed(2)}</td></tr>`);
  return `<table><tr><th>backend</th><th>where</th>${sizes.map((s) => `<th>n = ${formatSize(s)}</th>`).join('')}</tr>${rows.join('\n')}</table>
<h3>Per call at n = ${sizes[0] ?? 1} (microseconds)</h3><table><tr><th>backend</th><th>where</th><th>us per call</th></tr>${perCall.join('')}</table>
<h3>First call: module compile, session creation (not in the figures above)</h3><table><tr><th>backend</th><th>where</th><th>dtype</th><th>ms</th></tr>${firstCalls.join('')}</table>`;
}

export function renderHtml(data: ReportData, charts: ReportCharts): string {
  const m = data.machine;
  const picks = fastestConforming(data).map((f) => `<li>${f.environment}, n = ${formatSize(f.size)}: <b>${escape(f.backend)}</b> (${f.ratioToCopy.toFixed(2)}x a copy)</li>`);
  const includes = [...new Map(data.bench.results.map((r) => [`${r.backend}|${r.environment}`, r])).values()].map((r) => `<li><b>${escape(r.backend)}</b> (${r.environment}): ${escape(r.includes)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>relu: cross-backend report</title><style>${STYLE}</style></head>
<body>
<h1>relu: cross-backend report</h1>
<p class="machine">${escape(`${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.platform} · Node ${m.node}${m.browser ? ` · ${m.browser}` : ''}${m.gpu ? ` · GPU: ${m.gpu}` : ''}`)}</p>
<section id="pick"><h2>Which backend to pick</h2>
<p>Fastest backend that conforms to SPEC.md (bit for bit, NaN as NaN) per target and size:</p><ul>${picks.join('')}</ul>
<p class="note">Peers (tfjs, naive JS loops) are measured as references, not recommended. A backend with declared deviations changes your numbers in the classes listed under Conformance; its canonical mode does not.</p></section>
<section id="conformance"><h2>Conformance (${escape(data.conformance.kind)} sweep, seed ${data.conformance.seed})</h2>
<figure class="chart" id="chart-conformance">${charts.conformance}</figure>
${verdictTables(data)}</section>
<section id="special-values"><h2>Special values, backend by backend</h2><figure class="chart" id="chart-special">${charts.specialValues}</figure></section>
<section id="speed"><h2>Speed</h2>
<p class="note">Each figure is the ratio of the time to copy the same bytes (<code>dst.set(src)</code>) to the backend's time, both measured interleaved in the same run and environment; median over rounds. This machine has no GPU: WebGL and WebGPU run on SwiftShader, a software rasteriser, so their figures say nothing about real GPUs.</p>
<figure class="chart" id="chart-ratio">${charts.ratio}</figure>
<figure class="chart" id="chart-throughput">${charts.throughput}</figure>
${speedTable(data)}
<h3>What a timed call includes</h3><ul class="note">${includes.join('')}</ul></section>
<section id="relu"><h2>ReLU itself</h2><figure class="chart" id="chart-relu">${charts.relu}</figure></section>
${data.notes.length ? `<section id="notes"><h2>Notes</h2><ul>${data.notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul></section>` : ''}
</body></html>
`;
}
