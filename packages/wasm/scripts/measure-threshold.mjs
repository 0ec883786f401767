#!/usr/bin/env node
// Where splitting across threads starts to pay: reluAsync forced parallel (threshold 0) against
// relu() on one thread, float32, in place and into another tensor, at growing sizes. The
// crossover is DEFAULT_PARALLEL_THRESHOLD_BYTES in src/runtime.ts. Needs a build first.
// Usage: node scripts/measure-threshold.mjs [--threads=2] [--sizes=16384,65536,...]
import { createWasmRelu } from '../dist/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const threads = Number(args.threads ?? 2);
const single = await createWasmRelu();
const parallel = await createWasmRelu({ threads, parallelThresholdBytes: 0 });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function time(fn, n) {
  const reps = Math.max(3, Math.round(2e7 / Math.max(n, 1000)));
  const samples = [];
  for (let round = 0; round < 9; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await fn();
    samples.push(((performance.now() - t0) / reps) * 1e3);
  }
  return median(samples);
}

console.log(`float32, ${parallel.threads} threads vs 1; us per call (median of 9 rounds); speedup > 1: parallel wins`);
const rows = [];
const SIZES = (args.sizes ?? "16384,65536,262144,1048576,2097152,4194304,8388608,16777216").split(",").map(Number);
for (const n of SIZES) {
  const a = single.from(new Float32Array(n).map(() => Math.random() - 0.5));
  const b = single.allocate('float32', n);
  const p = parallel.from(a.array);
  const q = parallel.allocate('float32', n);
  const [s1, p1, s2, p2] = [await time(() => single.relu(a), n), await time(() => parallel.reluAsync(p), n), await time(() => single.relu(a, b), n), await time(() => parallel.reluAsync(p, q), n)];
  rows.push({ n, bytes: n * 4, 'in place 1 thread': +s1.toFixed(1), 'in place parallel': +p1.toFixed(1), 'speedup in place': +(s1 / p1).toFixed(2), 'x->out 1 thread': +s2.toFixed(1), 'x->out parallel': +p2.toFixed(1), 'speedup x->out': +(s2 / p2).toFixed(2) });
  a.free(); b.free(); p.free(); q.free();
}
console.table(rows);
await Promise.all([single.dispose(), parallel.dispose()]);
