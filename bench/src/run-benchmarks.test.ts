import type { SubjectProfile } from '@relu/conformance';
import { type ReluBackend, type RunOptions, coreBackend } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { backendCase } from './bench-case.js';
import { memoryBaselineCase } from './cases/baselines.js';
import { processBenchEnvironment } from './environment.js';
import { FLOOR } from './floors.js';
import { type BenchPlan, planFor, runBenchmarks } from './run-benchmarks.js';

/**
 * What runBenchmarks asks of backends: every op a backend declares (and only ReLU, with the
 * options of old, of one that declares none), at the op's default attributes, each figure
 * timed beside its floors.
 */
const HERE = processBenchEnvironment('node20', 'Node 20 (this process)');
const plan: BenchPlan = { sizes: [8], otherDTypeSizes: [], dtypes: ['float32'], ops: ['relu', 'leakyRelu', 'relu6'], measure: { rounds: 1, timeMs: 2 } };
// A cast, not a parse: the fields a profile has on either side of conformance's schema changes.
const profile = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: 'test', environment: 'node', adapter: 'test', mode: 'raw', deviations: [], source: 'test', ...extra }) as unknown as SubjectProfile;

function recording(backend: ReluBackend): { backend: ReluBackend; calls: (RunOptions | undefined)[] } {
  const calls: (RunOptions | undefined)[] = [];
  return { calls, backend: { ...backend, name: backend.name, run: (x, options) => (calls.push(options), backend.run(x, options)) } };
}

describe('runBenchmarks', () => {
  it('times each declared op with its default attributes, and a ReLU-only backend with ReLU options only', async () => {
    const withOps = recording(coreBackend);
    const reluOnly = recording({ name: 'relu-only', dtypes: ['float32'], run: coreBackend.run, dispose: async () => {} });
    const cases = [backendCase(profile('with-ops'), withOps.backend), backendCase(profile('relu-only'), reluOnly.backend), memoryBaselineCase(FLOOR.asyncSlice)];
    const { results, failures } = await runBenchmarks(cases, plan, HERE);
    expect(failures).toEqual([]);
    const figures = (name: string) => results.filter((r) => r.backend === name).map((r) => r.op);
    expect(figures('with-ops')).toEqual(['relu', 'leakyRelu', 'relu6']);
    expect(figures('relu-only')).toEqual(['relu']);
    expect(figures(FLOOR.asyncSlice)).toEqual([null]);
    // Every figure names where it was measured.
    expect(results.every((r) => r.environment === 'node20' && r.engine === `V8 ${process.versions.v8}` && r.version === process.versions.node && r.tier === 'optimized')).toBe(true);
    expect(withOps.calls).toContainEqual({ dtype: 'float32', op: 'leakyRelu', attributes: { alpha: 0.01 } });
    expect(withOps.calls).toContainEqual({ dtype: 'float32', op: 'relu6', attributes: {} });
    expect(reluOnly.calls.every((options) => options !== undefined && Object.keys(options).join() === 'dtype')).toBe(true);
  }, 60_000);

  it('times a subject beside its floors in the same rounds, and skips a floor that is not among the cases', async () => {
    const cases = [backendCase(profile('wasm-like', { adapter: 'wasm' }), coreBackend), memoryBaselineCase(FLOOR.asyncSlice)];
    const { results } = await runBenchmarks(cases, { ...plan, ops: ['relu'] }, HERE);
    const [figure] = results.filter((r) => r.backend === 'wasm-like');
    // The wasm adapter's second floor (new + copy in + copy out) is not among the cases: left out, not invented.
    expect(figure!.floors.map((f) => f.baseline)).toEqual([FLOOR.asyncSlice]);
    expect(figure!.floors[0]!.times).toBeGreaterThan(0);
    expect(figure!.floors[0]!.baselineSeconds).toBeGreaterThan(0);
  }, 60_000);

  it('keeps a profile cap: no figure above bench.maxElements', async () => {
    const capped = profile('capped', { bench: { maxElements: 10, reason: 'a software GPU' } });
    const { results } = await runBenchmarks([backendCase(capped, coreBackend)], { ...plan, sizes: [8, 64], ops: ['relu'] }, HERE);
    expect(results.map((r) => r.size)).toEqual([8]);
  }, 60_000);

  it('plans the other ops at otherOpSizes and ReLU and the memory baselines at every size', () => {
    const core = backendCase(profile('core'), coreBackend);
    const sized = { ...plan, sizes: [1, 8, 64], otherOpSizes: [64] };
    const at = (op: string | null) => planFor(core, sized).filter((s) => s.op === op).map((s) => s.size);
    expect(at('relu')).toEqual([1, 8, 64]);
    expect(at('leakyRelu')).toEqual([64]);
    expect(at('relu6')).toEqual([64]);
    expect(planFor(memoryBaselineCase(FLOOR.copy), sized).map((s) => s.size)).toEqual([1, 8, 64]);
  });
});
