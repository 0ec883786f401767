import { describe, expect, it } from 'vitest';
import { renderBenchTables } from './bench-table.js';
import { runtimeTable, runtimeTables } from './figures.js';
import { PLACES, figureAt } from './test-support/figures.js';

/** The runtime x backend pivot: a column per environment, in the order measured, a row per backend. */
const results = [
  figureAt('node20', 'y.set(x)', 'baseline', null, 1e6, 1.0),
  figureAt('node20', 'wasm', 'backend', 'relu', 1e6, 0.2),
  figureAt('node20', 'wasm', 'backend', 'relu6', 1e6, 0.19),
  figureAt('node20', 'onnx-cpu', 'backend', 'relu', 1e6, 0.1),
  figureAt('bun', 'y.set(x)', 'baseline', null, 1e6, 0.98),
  figureAt('bun', 'wasm', 'backend', 'relu', 1e6, 0.31),
  figureAt('chromium', 'webgpu', 'backend', 'relu', 1e6, 0.004),
  figureAt('node20', 'wasm', 'backend', 'relu', 1, 0.5, { medianSeconds: 2.5e-6 }),
  figureAt('bun', 'wasm', 'backend', 'relu', 1, 0.4, { medianSeconds: 3.1e-6 }),
];

describe('runtimeTable', () => {
  const table = runtimeTable(results, 'float32', 'relu', 1e6);

  it('has a column per environment, in the order they were measured', () => {
    expect(table.environments).toEqual([
      { name: 'node20', label: 'Node 20.20.2' },
      { name: 'bun', label: 'Bun 1.4.5' },
      { name: 'chromium', label: 'Chromium 156.0' },
    ]);
  });

  it('has a row per backend, baselines first, each cell the figure of that backend there or empty', () => {
    const cells = table.rows.map((row) => [row.backend, ...row.cells.map((c) => c.map((r) => r.ratioToCopy).join())]);
    expect(cells).toEqual([
      ['y.set(x)', '1', '0.98', ''],
      ['wasm', '0.2', '0.31', ''],
      ['onnx-cpu', '0.1', '', ''],
      ['webgpu', '', '', '0.004'],
    ]);
  });

  it("keeps other ops' figures out and the baselines that run no op in", () => {
    const relu6 = runtimeTable(results, 'float32', 'relu6', 1e6);
    expect(relu6.rows.map((r) => r.backend)).toEqual(['y.set(x)', 'wasm']);
    expect(relu6.rows[1]!.cells.map((c) => c.length)).toEqual([1, 0, 0]);
  });
});

describe('runtimeTables', () => {
  it('compares at 1e6 and per call at n = 1, per op measured', () => {
    const { ratio, perCall } = runtimeTables(results);
    expect(ratio.map((t) => [t.op, t.size])).toEqual([
      ['relu', 1e6],
      ['relu6', 1e6],
    ]);
    expect(perCall.map((t) => [t.op, t.size])).toEqual([['relu', 1]]);
  });

  it('falls back to the largest size below 1e6 when 1e6 was not measured', () => {
    const { ratio } = runtimeTables([figureAt('node20', 'core', 'backend', 'relu', 1e4, 0.05), figureAt('bun', 'core', 'backend', 'relu', 1.6e7, 0.1)]);
    expect(ratio.map((t) => t.size)).toEqual([1e4]);
  });

  it('is printed in the terminal with a column per runtime', () => {
    const text = renderBenchTables({ results, firstCalls: [], gpuKernels: [], environments: [PLACES.node20!, PLACES.bun!, PLACES.chromium!], goals: [] });
    expect(text).toMatch(/relu float32 at n=1e6, runtime x backend/);
    expect(text).toMatch(/│ backend\s+│ node20 │ bun\s+│ chromium │/);
    expect(text).toMatch(/│ wasm\s+│ 0\.200\s+│ 0\.310 │\s+│/);
    expect(text).toMatch(/relu float32 at n=1, runtime x backend: time per call/);
    expect(text).toMatch(/│ wasm\s+│ 2\.50 us │ 3\.10 us │/);
    expect(text).toContain('bun       Bun 1.4.5, JavaScriptCore WebKit d6375c72affe, optimized');
  });
});
