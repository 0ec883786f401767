import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../run-benchmarks.js';
import { type BenchRun, parseRun, renderReadmeTable } from './readme-table.js';

/** Three hand-written runs and the table rows they must give. */
const PLACES = { node20: { environmentLabel: 'Node 20.20.2', engine: 'V8 11.3', version: '20.20.2' }, chromium: { environmentLabel: 'Chromium 156.0', engine: 'V8 (Chromium 156.0)', version: '156.0' } };
function figure(backend: string, role: BenchResult['role'], op: BenchResult['op'], size: number, ratioToCopy: number, medianSeconds = 1e-6, environment: keyof typeof PLACES = 'node20'): BenchResult {
  return { backend, environment, ...PLACES[environment], tier: 'optimized', role, op, attributes: {}, dtype: 'float32', size, ratioToCopy, spread: { min: ratioToCopy, max: ratioToCopy }, medianSeconds, copyMedianSeconds: 0, elementsPerSecond: 0, gbPerSecond: 0, floors: [], includes: '', info: {} };
}
const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, platform: 'linux x64', node: 'v20.20.2', date: '2026-12-01T00:00:00.000Z' };

function runOf(wasmAt1e4: number, wasmPerCall: number, withChromium: boolean): BenchRun {
  return {
    machine,
    results: [
      figure('y.set(x)', 'baseline', null, 1, 1, 2e-8),
      figure('y.set(x)', 'baseline', null, 1e4, 1.02),
      figure('naive loop', 'baseline', 'relu', 1e4, 0.013),
      figure('naive loop', 'baseline', 'relu6', 1e4, 0.011),
      figure('wasm-zero-copy', 'direct', 'relu', 1, 0.5, wasmPerCall),
      figure('wasm-zero-copy', 'direct', 'relu', 1e4, wasmAt1e4),
      ...(withChromium ? [figure('wasm-zero-copy', 'direct', 'relu', 1e4, 0.91, 1e-6, 'chromium')] : []),
      figure('core', 'backend', 'relu', 1e4, 0.04),
      figure('core', 'backend', 'relu6', 1e4, 0.00021),
      { ...figure('core', 'backend', 'relu', 1e4, 0.5), dtype: 'float64' },
    ],
  };
}

describe('renderReadmeTable', () => {
  const table = renderReadmeTable([runOf(0.86, 7e-8, true), runOf(0.92, 9e-8, true), runOf(0.9, 8e-8, false)]);
  const lines = table.split('\n');

  it('has the README columns: per call at n = 1, then the ratio at each size measured', () => {
    expect(lines).toContain('| backend (float32) | op | where | per call, n = 1 | n = 1e4 |');
  });

  it('shows each figure as the range over the runs, one value when the runs agree', () => {
    expect(lines).toContain('| `@relu/wasm` zero-copy, in place | relu | Node 20.20.2 | 0.07-0.09 us | 0.86-0.92 |');
    expect(lines).toContain('| `@relu/core` `run()` (new array out) | relu | Node 20.20.2 |  | 0.040 |');
    expect(lines).toContain('| `@relu/core` `run()` (new array out) | relu6 | Node 20.20.2 |  | 0.00021 |');
  });

  it('says how many runs a figure comes from when some runs lack it', () => {
    expect(lines).toContain('| `@relu/wasm` zero-copy, in place | relu | Chromium 156.0 |  | 0.91 (2 of 3 runs) |');
  });

  it('lists direct calls, backends, then baselines; a baseline that runs no op once, a naive loop per op', () => {
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| backend'));
    expect(rows.map((r) => r.split(' | ').slice(0, 3).join(' | '))).toEqual([
      '| `@relu/wasm` zero-copy, in place | relu | Node 20.20.2',
      '| `@relu/wasm` zero-copy, in place | relu | Chromium 156.0',
      '| `@relu/core` `run()` (new array out) | relu | Node 20.20.2',
      '| `@relu/core` `run()` (new array out) | relu6 | Node 20.20.2',
      '| y.set(x) (baseline) | - | Node 20.20.2',
      '| naive loop (baseline) | relu | Node 20.20.2',
      '| naive loop (baseline) | relu6 | Node 20.20.2',
    ]);
  });

  it('names the runs and the machine, and leaves other dtypes out', () => {
    expect(table).toMatch(/range over 3 runs \(2026-12-01\) on Test CPU, 2 cores, Node v20\.20\.2/);
    expect(table).not.toContain('0.50 |');
  });
});

describe('renderReadmeTable with runtimes', () => {
  it('names each run\'s environments and says which GPU rows ran on a software rasteriser', () => {
    const environments = [
      { name: 'node20', label: 'Node 20.20.2', gpu: { webgpu: { on: 'none', kind: 'none' }, webgl: { on: 'none', kind: 'none' } } },
      { name: 'chromium', label: 'Chromium 156.0', gpu: { webgpu: { on: 'google / swiftshader', kind: 'software' }, webgl: { on: 'ANGLE (SwiftShader)', kind: 'software' } } },
    ] as const;
    const table = renderReadmeTable([{ ...runOf(0.9, 8e-8, true), environments }], {});
    expect(table).toContain('on Test CPU, 2 cores, Node 20.20.2, Chromium 156.0.');
    expect(table).toContain('WebGPU and WebGL rows ran on software rasterisers (chromium: google / swiftshader; ANGLE (SwiftShader)): they say nothing about a real GPU.');
  });

  it('reads files of the bench before runtimes: environment node or browser, no label', () => {
    const old = { ...figure('core', 'backend', 'relu', 1e4, 0.04), environment: 'browser', environmentLabel: undefined } as unknown as BenchResult;
    expect(renderReadmeTable([{ machine, results: [old] }], {})).toContain('| `@relu/core` `run()` (new array out) | relu | Chromium | 0.040 |');
  });
});

describe('parseRun', () => {
  it('names the file and what is missing', () => {
    expect(() => parseRun({ results: [] }, 'a.json')).toThrow(/a\.json: not a `npm run bench -- --json` file/);
    expect(() => parseRun({ machine, results: [{ backend: 'x', size: 1, ratioToCopy: 1, medianSeconds: 1 }] }, 'b.json')).toThrow(/b\.json: results\[0\] lacks backend, op/);
  });
});
