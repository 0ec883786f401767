import Table from 'cli-table3';
import type { BenchResult, FirstCallCost } from './run-benchmarks.js';
import { formatSize } from './report/report-data.js';

/** Terminal tables of the figures: per dtype, backend x size, each cell the ratio to copy. */
export function renderBenchTables(results: readonly BenchResult[], firstCalls: readonly FirstCallCost[]): string {
  const out: string[] = [];
  for (const dtype of [...new Set(results.map((r) => r.dtype))]) {
    const rows = results.filter((r) => r.dtype === dtype);
    const sizes = [...new Set(rows.map((r) => r.size))].sort((a, b) => a - b);
    const table = new Table({ head: ['backend', 'where', ...sizes.map((s) => `n=${formatSize(s)}`)], style: { head: [], border: [] } });
    for (const key of [...new Set(rows.map((r) => `${r.backend}|${r.environment}`))]) {
      const [backend, environment] = key.split('|') as [string, string];
      table.push([backend, environment, ...sizes.map((size) => {
        const r = rows.find((x) => x.backend === backend && x.environment === environment && x.size === size);
        return r ? `${r.ratioToCopy.toFixed(3)}` : '';
      })]);
    }
    out.push(`${dtype}: ratio to a copy of the same bytes, same run (higher is faster; 1 = memory speed)`, table.toString());
    const smallest = sizes[0];
    if (smallest !== undefined && smallest <= 10) {
      out.push(`per call at n=${smallest}: ${rows.filter((r) => r.size === smallest).map((r) => `${r.backend}${r.environment === 'browser' ? ' (browser)' : ''} ${(r.medianSeconds * 1e6).toFixed(3)} us`).join(', ')}`);
    }
    out.push('');
  }
  if (firstCalls.length > 0) {
    out.push(`first call (compile, session creation; not in the figures): ${firstCalls.map((f) => `${f.backend}${f.environment === 'browser' ? ' (browser)' : ''} ${f.dtype} ${(f.seconds * 1e3).toFixed(1)} ms`).join(', ')}`);
  }
  return out.join('\n');
}
