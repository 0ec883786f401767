import { describe, expect, it } from 'vitest';
import { FLOOR } from './floors.js';
import { evaluateGoals } from './goals.js';
import type { BenchResult, FloorFigure } from './run-benchmarks.js';
import { figureAt, floorOf } from './test-support/figures.js';

/** Figures written by hand (test-support/figures.ts): what each goal reads and the verdict it must give. */
const figure = (backend: string, op: BenchResult['op'], size: number, ratioToCopy: number, floors: readonly FloorFigure[] = [], role: BenchResult['role'] = 'direct'): BenchResult =>
  figureAt('node20', backend, role, op, size, ratioToCopy, { floors });
const floor = floorOf;

describe('evaluateGoals', () => {
  const results = [
    figure('core-into', 'relu', 1, 0.1, [floor(FLOOR.copy, 2.5)]),
    figure('core-new-array', 'relu', 1, 0.1, [floor(FLOOR.slice, 4)]),
    figure('wasm', 'relu', 1e3, 0.2, [floor(FLOOR.asyncSlice, 1.1), floor(FLOOR.wasmTraffic, 1.2)], 'backend'),
    figure('wasm', 'relu', 1e6, 0.2, [floor(FLOOR.asyncSlice, 1.1), floor(FLOOR.wasmTraffic, 1.4)], 'backend'),
    figure('wasm', 'relu', 1.6e7, 0.3, [], 'backend'),
    figure('core-into', 'relu', 1e6, 0.1),
    figure('core-into', 'leakyRelu', 1e6, 0.08),
    figure('core-into', 'relu6', 1e6, 0.05),
  ];
  const outcomes = evaluateGoals(results);
  const find = (title: RegExp) => outcomes.filter((o) => title.test(o.title));

  it('meets a floor goal within its bound and says by how much', () => {
    const [goal] = find(/^relu\(x, \{ out \}\) at n = 1/);
    expect(goal).toMatchObject({ status: 'met', environment: 'node20' });
    expect(goal!.detail).toContain('2.50x');
  });

  it('does not meet one beyond it', () => {
    expect(find(/^relu\(x\) at n = 1/)[0]).toMatchObject({ status: 'not met' });
  });

  it('checks every measured size of a range: 1.2x at 1e3 is met, 1.4x at 1e6 is not', () => {
    const [goal] = find(/wasm run\(\) at 1e3\.\.1e6/);
    expect(goal!.status).toBe('not met');
    expect(goal!.detail).toMatch(/n=1e3: .*1\.20x.*n=1e6: .*1\.40x/);
  });

  it('says "not measured" where the figure is missing, never met', () => {
    expect(find(/await coreBackend\.run/)[0]).toMatchObject({ status: 'not measured' });
    expect(find(/await wasmBackend\(\)\.run/)[0]).toMatchObject({ status: 'not measured' });
    const [ops] = find(/wasm run\(\) leakyRelu and relu6/);
    expect(ops).toMatchObject({ status: 'not measured' });
    expect(ops!.detail).toMatch(/no leakyRelu, relu6 figure of wasm \(timed here: relu\)/);
  });

  it('compares each op with relu on the same case: leakyRelu 1.25x passes 1.5x, relu6 2x does not', () => {
    const [goal] = find(/core-into leakyRelu and relu6/);
    expect(goal!.status).toBe('not met');
    expect(goal!.detail).toContain('leakyRelu n=1e6: 1.25x');
    expect(goal!.detail).toContain('relu6 n=1e6: 2.00x');
  });
});
