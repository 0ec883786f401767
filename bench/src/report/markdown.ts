import { classesOf, describeRun } from '@relu/conformance/engine';
import { type ReportData, fastestConforming, formatSize } from './report-data.js';

/** results.md: the report as Markdown tables, for pasting into issues and READMEs. */
export function renderMarkdown(data: ReportData): string {
  const lines: string[] = ['# relu cross-backend report', ''];
  const m = data.machine;
  lines.push(`Measured ${m.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.platform}, Node ${m.node}${m.browser ? `, ${m.browser}${m.gpu ? ` (GPU: ${m.gpu})` : ''}` : ''}.`, '');
  lines.push(`## Conformance (${data.conformance.kind} sweep, seed ${data.conformance.seed})`, '');
  const byDtype = new Map<string, typeof data.conformance.results>();
  for (const r of data.conformance.results) byDtype.set(r.dtype, [...(byDtype.get(r.dtype) ?? []), r]);
  for (const [dtype, rows] of byDtype) {
    const classes = classesOf(rows[0]!.dtype);
    lines.push(`### ${dtype}`, '', `| subject | ran on | checked | ${classes.join(' | ')} | verdict |`, `|---|---|---|${classes.map(() => '---').join('|')}|---|`);
    for (const r of rows) {
      const ranOn = describeRun(r.info);
      lines.push(`| ${r.name}${r.peer ? ' (peer)' : ''} | ${r.environment}: ${ranOn} | ${r.checked.toLocaleString('en-US')} | ${classes.map((c) => r.cells.find((x) => x.class === c)?.verdict ?? '-').join(' | ')} | **${r.verdict}** |`);
    }
    const declared = rows.flatMap((r) => r.declared.map((d) => `- ${r.name}, ${d.class}: ${d.reason}`));
    lines.push('', ...declared, '');
  }
  lines.push('## Speed: float32, ratio to a copy of the same bytes (median of rounds; higher is faster, 1 = memory speed)', '');
  const sizes = [...new Set(data.bench.results.filter((r) => r.dtype === 'float32').map((r) => r.size))].sort((a, b) => a - b);
  const series = [...new Set(data.bench.results.filter((r) => r.dtype === 'float32').map((r) => `${r.backend}|${r.environment}`))];
  lines.push(`| backend | where | ${sizes.map(formatSize).join(' | ')} |`, `|---|---|${sizes.map(() => '---').join('|')}|`);
  for (const key of series) {
    const [backend, environment] = key.split('|') as [string, string];
    const cells = sizes.map((size) => {
      const r = data.bench.results.find((x) => x.backend === backend && x.environment === environment && x.size === size && x.dtype === 'float32');
      return r ? r.ratioToCopy.toFixed(3) : '';
    });
    lines.push(`| ${backend} | ${environment} | ${cells.join(' | ')} |`);
  }
  lines.push('', '### First call (module compile, session creation), not included above', '', '| backend | where | dtype | seconds |', '|---|---|---|---|');
  for (const f of data.bench.firstCalls) lines.push(`| ${f.backend} | ${f.environment} | ${f.dtype} | ${f.seconds.toFixed(4)} |`);
  lines.push('', '### Fastest conforming backend per target and size', '');
  for (const f of fastestConforming(data)) lines.push(`- ${f.environment}, n = ${formatSize(f.size)}: **${f.backend}** (${f.ratioToCopy.toFixed(2)}x copy)`);
  if (data.notes.length > 0) lines.push('', '## Notes', '', ...data.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
