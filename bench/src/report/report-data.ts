import type { SubjectResult } from '@relu/conformance';
import type { BenchData } from '../bench-data.js';
import type { MachineInfo } from '../machine.js';
import type { BenchResult } from '../run-benchmarks.js';
import type { SpecialValueOutcome } from './special-values-map.js';

/** Everything one `npm start` measured: what results.json holds and every view is made from. */
export interface ReportData {
  readonly machine: MachineInfo & { readonly browser?: string; readonly gpu?: string };
  readonly conformance: { readonly kind: string; readonly seed: number; readonly results: readonly SubjectResult[] };
  readonly specialValues: readonly SpecialValueOutcome[];
  readonly bench: BenchData;
  /** Subjects or benchmarks that did not run, and why. */
  readonly notes: readonly string[];
}

/**
 * The fastest float32 ReLU figure per environment and size among conforming backends and the
 * direct calls of this repository's packages (peers and baselines are references, not picks).
 */
export function fastestConforming(data: ReportData): { environment: string; size: number; backend: string; ratioToCopy: number }[] {
  const conforming = new Set(data.conformance.results.filter((r) => r.dtype === 'float32' && r.op === 'relu' && r.verdict === 'pass' && !r.peer).map((r) => r.name));
  const best = new Map<string, BenchResult>();
  for (const r of data.bench.results) {
    if (r.dtype !== 'float32' || r.op !== 'relu' || r.role === 'baseline' || r.role === 'peer') continue;
    if (r.role === 'backend' && !conforming.has(r.backend)) continue;
    const key = `${r.environment}/${r.size}`;
    if (!best.has(key) || best.get(key)!.ratioToCopy < r.ratioToCopy) best.set(key, r);
  }
  return [...best.values()].map((r) => ({ environment: r.environment, size: r.size, backend: r.backend, ratioToCopy: r.ratioToCopy }));
}
