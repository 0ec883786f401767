#!/usr/bin/env node
// Speed of @relu/wasm as ratios to Float32Array.prototype.set (dst.set(src)) of the same length,
// measured interleaved in the same run, so that the machine's load hits both alike.
// Ratio > 1 means faster than the copy. Needs a build first (npm run build).
// Usage: node scripts/measure.mjs [--quick] [--sizes=1e5,1e6,1.6e7] [--threads=N]
import { createWasmRelu, wasmBackend } from '../dist/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const quick = 'quick' in args;
const sizes = (args.sizes ?? '1e4,1e5,1e6,1.6e7').split(',').map(Number);
const threads = Number(args.threads ?? 2);
const ROUNDS = quick ? 5 : 11;
const ROUND_MS = quick ? 15 : 40;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Seconds per call of each variant: ROUNDS interleaved rounds, each about ROUND_MS long; the median round. */
async function compare(variants) {
  const reps = {};
  for (const [name, fn] of Object.entries(variants)) {
    // Calibrate: calls per round.
    let calls = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await fn();
      const ms = performance.now() - t0;
      if (ms > ROUND_MS / 4 || calls > 1e7) {
        reps[name] = Math.max(1, Math.round((calls * ROUND_MS) / Math.max(ms, 1e-3)));
        break;
      }
      calls *= 4;
    }
  }
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(variants)) {
      const n = reps[name];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fn();
      samples[name].push((performance.now() - t0) / 1e3 / n);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

function randomFloat32(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}

const single = await createWasmRelu();
const parallel = await createWasmRelu({ threads, parallelThresholdBytes: 0 });
const backend = await wasmBackend();
const backendThreads = await wasmBackend({ threads });
console.log(`node ${process.version}, ${parallel.threads} threads for the parallel rows (${parallel.name}), backend ${backendThreads.name} threshold ${backendThreads.info.parallelThresholdBytes} bytes`);
console.log('ratio = time of dst.set(src) / time of the variant (same length, float32, random signs); median of rounds\n');

const rows = [];
for (const n of sizes) {
  const data = randomFloat32(n);
  const copyDst = new Float32Array(n);
  const a = single.from(data);
  const b = single.allocate('float32', n);
  const p = parallel.from(data);
  const q = parallel.allocate('float32', n);
  const variants = {
    'dst.set(src)': () => copyDst.set(data),
    'zero-copy relu in place (1 thread)': () => single.relu(a),
    'zero-copy relu x->out (1 thread)': () => single.relu(a, b),
    [`zero-copy reluAsync in place (${parallel.threads} threads)`]: () => parallel.reluAsync(p),
    [`zero-copy reluAsync x->out (${parallel.threads} threads)`]: () => parallel.reluAsync(p, q),
    'backend.run copy-in/out (wasm)': () => backend.run(data),
    [`backend.run copy-in/out (${backendThreads.name})`]: () => backendThreads.run(data),
  };
  if (n > 2e6) {
    // Ordinary JS arrays in, a fresh array out: what the copy-out pays for new pages.
    variants['new Float32Array(n) + set (fresh-array copy)'] = () => new Float32Array(n).set(data);
  }
  const times = await compare(variants);
  const base = times['dst.set(src)'];
  for (const [name, t] of Object.entries(times)) rows.push({ n, variant: name, 'us/call': +(t * 1e6).toFixed(3), ratio: +(base / t).toFixed(2) });
  a.free(); b.free(); p.free(); q.free();
}
console.table(rows);

// Per call at n = 1: the zero-copy path's fixed cost.
{
  const t = single.allocate('float32', 1);
  const u = single.allocate('float32', 1);
  const calls = 2e6;
  const perCall = [];
  for (let round = 0; round < 7; round++) {
    let t0 = performance.now();
    for (let i = 0; i < calls; i++) single.relu(t);
    const inPlace = (performance.now() - t0) / calls;
    t0 = performance.now();
    for (let i = 0; i < calls; i++) single.relu(t, u);
    perCall.push([inPlace, (performance.now() - t0) / calls]);
  }
  const x1 = new Float32Array([-1]);
  const backendCalls = 2e5;
  let t0 = performance.now();
  for (let i = 0; i < backendCalls; i++) await backend.run(x1);
  const backendPerCall = (performance.now() - t0) / backendCalls;
  console.log(
    `\nn = 1, per call: relu(x) ${(median(perCall.map((p) => p[0])) * 1e6).toFixed(1)} ns, relu(x, out) ${(median(perCall.map((p) => p[1])) * 1e6).toFixed(1)} ns, ` +
      `backend.run ${(backendPerCall * 1e3).toFixed(2)} us`,
  );
}

await Promise.all([single.dispose(), parallel.dispose(), backend.dispose(), backendThreads.dispose()]);
