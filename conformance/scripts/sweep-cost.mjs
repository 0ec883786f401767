#!/usr/bin/env node
// What one float32 exhaustive chunk costs per op, part by part, on @relu/core, so the cost of
// the full 2^32 sweep can be extrapolated: node conformance/scripts/sweep-cost.mjs (after a build).
// Chunks are sampled across the pattern space (positive and negative halves, all exponents).
// "run" is core's run() under the suite's guard: the kernel into a new array, plus the check that
// the input is unchanged. Time is wall clock: on a loaded machine, read the ratios between ops.
import { OPS, OP_NAMES, allocate, coreBackend, wordsOf } from '@relu/core';
import { CallGuard, InputSeal, ORACLES, classifierFor } from '../dist/index.js';
import { OutcomeModels } from '../dist/outcomes.js';
import { Tally } from '../dist/tally.js';

const CHUNK = 1 << 22;
const starts = [0x00000000, 0x20000000, 0x3f000000, 0x60000000, 0x80000000, 0xa0000000, 0xbf000000, 0xe0000000];
const input = allocate('float32', CHUNK);
const words = wordsOf(input);
const expected = allocate('float32', CHUNK);
const oracle = allocate('float32', CHUNK);
const subject = { profile: { name: 'core', description: '', environment: 'node', adapter: 'core', mode: 'reference', deviations: [], source: 'script' }, backend: coreBackend, origin: 'core' };
const guard = new CallGuard(subject, 120_000);
const time = (f) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const parts = {};
for (const op of OP_NAMES) parts[op] = { generate: 0, classify: 0, seal: 0, reference: 0, oracle: 0, run: 0, compare: 0 };
let seal = new InputSeal(input);
for (let rep = 0; rep < 2; rep++) {
  for (const start of starts) {
    for (const op of OP_NAMES) {
      const p = parts[op];
      const context = { op, attributes: OPS[op].defaults, dtype: 'float32' };
      p.generate += time(() => {
        for (let i = 0; i < CHUNK; i++) words[i] = start + i;
      });
      const classifier = classifierFor('float32', OPS[op]);
      p.classify += time(() => classifier.countRange(start, CHUNK, classifier.classes.map(() => 0)));
      p.seal += time(() => seal.capture(input));
      p.reference += time(() => OPS[op].forward('float32', OPS[op].defaults, input, expected));
      p.oracle += time(() => ORACLES[op]('float32', OPS[op].defaults, input, oracle));
      let actual;
      const t = performance.now();
      actual = await guard.run(input, context, 'cost', seal);
      p.run += performance.now() - t;
      const tally = new Tally(context, classifier, []);
      p.compare += time(() => tally.compare(new OutcomeModels(context, input, oracle), actual, wordsOf(actual)));
    }
  }
}
const chunks = 2 * starts.length;
const full = 2 ** 32 / CHUNK;
console.log(`float32, ${CHUNK} elements per chunk, ${chunks} chunks sampled; ms per chunk, and seconds for the 1024 chunks of 2^32`);
for (const op of OP_NAMES) {
  const p = parts[op];
  const perChunk = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v / chunks]));
  const total = Object.values(perChunk).reduce((a, b) => a + b, 0);
  console.log(`${op.padEnd(10)} ${Object.entries(perChunk).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${total.toFixed(1)} ms/chunk -> ${((total * full) / 1000).toFixed(0)} s`);
  console.log(`${''.padEnd(10)} per extra subject (its run excluded): seal check + compare ${(((perChunk.compare + perChunk.seal) * full) / 1000).toFixed(0)} s`);
}
