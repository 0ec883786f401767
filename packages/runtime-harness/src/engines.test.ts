import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type EngineFamily, type RemoteEnvironment, TIERS, type Tier } from '@relu/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentSkipReason, environments, openEnvironment, parseEnvironmentList } from './index.js';
import type { EngineFacts } from './test-support/engine-probe.js';
import { assembleWat } from './test-support/wat.js';

/**
 * Every runtime and browser in both tiers, through one entry and one API: the engine probe of
 * runtime-facts.md ("Engines"). It checks that each tier setting takes effect and prints what
 * each engine returned (RELU_ENGINE_FACTS_JSON=file also writes it). RELU_ENGINES=a,b limits
 * the environments.
 */
const entry = fileURLToPath(new URL('./test-support/engine-probe.ts', import.meta.url));
const wasm = await assembleWat(fileURLToPath(new URL('./test-support/engine-probe.wat', import.meta.url)));
const selected = parseEnvironmentList(process.env.RELU_ENGINES);
const targets = (await environments()).filter((t) => selected.includes(t.name));

/**
 * What the optimizing tiers visibly change in each engine family's output bits, once warm (the
 * signal that the "optimized" run did reach them): V8 stops quieting a signalling NaN on a plain
 * copy; JavaScriptCore stops rewriting NaNs to 7fc00000 on a copy. SpiderMonkey returns the same
 * bits in every tier, so its cold tier shows only in speed (copyNsPerElement, printed).
 */
const OPTIMIZED_CHANGES: Readonly<Record<EngineFamily, readonly string[]>> = {
  V8: ['copy'],
  JavaScriptCore: ['copy'],
  SpiderMonkey: [],
};

/**
 * How long each loop runs. Optimized: until its bits change, within a budget far above what
 * the engines needed here (up to ~75,000 calls when the machine was loaded: the JIT compiles on a
 * background thread). Cold: as many calls as the optimized tiers needed, to show nothing changes.
 */
const WARM_UP: Readonly<Record<Tier, { limitMs: number; maxCalls: number }>> = {
  optimized: { limitMs: 10_000, maxCalls: 500_000 },
  cold: { limitMs: 5_000, maxCalls: 50_000 },
};

const rows: { name: string; tier: string; label: string; launchSeconds: number; facts: EngineFacts }[] = [];

for (const target of targets) {
  const skipReason = environmentSkipReason(target);
  if (skipReason) console.warn(`engine probe skipped: ${skipReason}`);
  for (const tier of TIERS) {
    describe.skipIf(skipReason !== undefined)(`${target.name}, ${tier}`, () => {
      let environment: RemoteEnvironment;
      let facts: EngineFacts;
      beforeAll(async () => {
        const started = performance.now();
        environment = await openEnvironment({ name: target.name, entry, tier });
        const launchSeconds = (performance.now() - started) / 1000;
        facts = await environment.call<EngineFacts>('engineFacts', wasm, WARM_UP[tier].limitMs, WARM_UP[tier].maxCalls);
        rows.push({ name: target.name, tier, label: environment.label, launchSeconds, facts });
      }, 240_000);
      afterAll(async () => environment?.close());

      it(`runs ${tier}`, () => {
        expect(environment.tier).toBe(tier);
        expect(environment.engine).toBe(target.engine);
      });

      if (tier === 'cold') {
        it('keeps every JavaScript result the same from the first call on (no tier takes over)', () => {
          for (const [name, observation] of [...Object.entries(facts.float32), ...Object.entries(facts.float16 ?? {})]) expect(observation.changedAt, name).toBe(-1);
        });
      } else {
        it(`shows its optimizing tier taking over (${OPTIMIZED_CHANGES[target.engine].join(', ') || 'no bit change in this engine'})`, () => {
          for (const [name, observation] of Object.entries(facts.float32)) {
            if (OPTIMIZED_CHANGES[target.engine].includes(name)) expect(observation.changedAt, name).toBeGreaterThan(0);
          }
          if (target.engine === 'SpiderMonkey') for (const [name, observation] of Object.entries(facts.float32)) expect(observation.changedAt, name).toBe(-1);
        });
      }
    });
  }
}

afterAll(async () => {
  if (rows.length === 0) return;
  const bits = (o: { first: readonly string[]; last: readonly string[]; changedAt: number }) => (o.changedAt < 0 ? o.first.join(' ') : `${o.first.join(' ')} -> ${o.last.join(' ')} (call ${o.changedAt})`);
  const lines = ['engine probe (float32 80000000 7fc00001 ffc00000 ff800000 00000001 7f800001 ffffffff; float16 8000 7e01 fe00 0001 3c01)'];
  for (const row of rows) {
    lines.push(`${row.name} ${row.tier} | ${row.label} | launch ${row.launchSeconds.toFixed(1)} s | copy ${row.facts.copyNsPerElement.toFixed(1)} ns/element`);
    for (const [name, observation] of Object.entries(row.facts.float32)) lines.push(`  ${name.padEnd(9)} ${bits(observation)}`);
    for (const [name, observation] of Object.entries(row.facts.float16 ?? {})) lines.push(`  f16 ${name.padEnd(5)} ${bits(observation)}`);
    const wasmFacts = row.facts.wasm;
    if ('error' in wasmFacts) lines.push(`  wasm      ${wasmFacts.error}`);
    else for (const [name, words] of Object.entries(wasmFacts)) lines.push(`  ${name.padEnd(9)} ${words.join(' ')}`);
  }
  console.log(lines.join('\n'));
  if (process.env.RELU_ENGINE_FACTS_JSON) await writeFile(process.env.RELU_ENGINE_FACTS_JSON, JSON.stringify(rows, null, 2));
});
