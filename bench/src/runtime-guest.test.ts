import { environmentSkipReason, environments } from '@relu/runtime-harness';
import { describe, expect, it } from 'vitest';
import { benchTargets } from './bench-targets.js';
import { runBenchSession } from './bench-session.js';

/**
 * The bench's guest in a real child runtime: Node 22 (the cheapest to start of the pinned ones),
 * then this machine's Node in the cold tier, which must run as a child too. Each figure must be
 * measured there and say so: environment, engine, version and tier on every row.
 */
const GUEST_RUNTIME = 'node22';
const target = (await environments()).find((t) => t.name === GUEST_RUNTIME)!;
const skipReason = environmentSkipReason(target);
if (skipReason) console.warn(`bench guest test skipped: ${skipReason}`);

const tiny = { sizes: [64], otherDTypeSizes: [], dtypes: ['float32'], ops: ['relu'], measure: { rounds: 1, timeMs: 2 }, gpuKernelSizes: [], only: ['core', 'core-into'] } as const;

describe('the bench guest', () => {
  it.skipIf(skipReason !== undefined)(`times the Node subjects, direct cases and baselines inside ${GUEST_RUNTIME}, each row naming where`, async () => {
    const progress: string[] = [];
    const outcome = await runBenchSession({ ...tiny, runtimes: [GUEST_RUNTIME] }, (p) => progress.push(p.environment));
    expect(outcome.notes).toEqual([]);
    expect(outcome.environments.map((e) => [e.name, e.kind, e.tier])).toEqual([[GUEST_RUNTIME, 'runtime', 'optimized']]);
    const [environment] = outcome.environments;
    // The child's own V8, not this process's.
    expect(environment!.engine).toMatch(/^V8 12\.4\./);
    expect(environment!.engine).not.toContain(process.versions.v8);
    expect(environment!.version).toBe(target.label.replace('Node ', ''));
    const backends = [...new Set(outcome.results.map((r) => r.backend))];
    expect(backends).toEqual(expect.arrayContaining(['core', 'core-into', 'y.set(x)', 'async x.slice()', 'naive loop']));
    expect(backends).not.toContain('wasm');
    for (const r of outcome.results) {
      expect({ environment: r.environment, engine: r.engine, version: r.version, tier: r.tier }).toEqual({ environment: GUEST_RUNTIME, engine: environment!.engine, version: environment!.version, tier: 'optimized' });
      expect(r.ratioToCopy).toBeGreaterThan(0);
    }
    expect(outcome.results.find((r) => r.backend === 'core')!.floors.map((f) => f.baseline)).toEqual(['async x.slice()']);
    expect(progress).toContain(GUEST_RUNTIME);
  }, 180_000);

  it("runs this process's own runtime as a child in the cold tier, and in this process otherwise", async () => {
    const here = (await benchTargets(['node20'], { inProcessAllowed: true })).targets;
    const cold = (await benchTargets(['node20'], { inProcessAllowed: false })).targets;
    expect(here.map((t) => t.inProcess)).toEqual([process.versions.node.startsWith('20.')]);
    expect(cold.map((t) => t.inProcess)).toEqual([false]);
    const outcome = await runBenchSession({ ...tiny, only: ['core-into'], runtimes: ['node20'], tier: 'cold' }, () => {});
    expect(outcome.environments.map((e) => [e.name, e.tier])).toEqual([['node20', 'cold']]);
    expect(outcome.results.length).toBeGreaterThan(0);
    expect(outcome.results.every((r) => r.tier === 'cold' && r.environment === 'node20')).toBe(true);
  }, 180_000);

  it('refuses an unknown runtime name before anything runs, listing the known ones', async () => {
    await expect(benchTargets(['node20', 'nosuch'], { inProcessAllowed: true })).rejects.toThrow(/--runtimes must list names from node20, node22, .*chromium, firefox, webkit; got "nosuch"/);
  });
});
