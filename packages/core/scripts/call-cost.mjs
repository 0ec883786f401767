#!/usr/bin/env node
/**
 * Per-call cost at n = 1 (issue 13), each call against its baseline measured in the same rounds
 * of the same process: relu(x, { out }) against y.set(x) (goal: within 3x), relu(x) against
 * x.slice() (3x), await coreBackend.run(x) against await (async () => x.slice())() (2x), and
 * the other ops' calls for reference. Prints the median over rounds and the range. With a third
 * argument, the directory of another build of this package (DIR/dist/index.js, e.g. a copy of
 * dist made before a change), its calls of the goals are timed in the same rounds too. Run after
 * `npm run build`:
 *
 *     node packages/core/scripts/call-cost.mjs [rounds] [n] [DIR]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coreBackend, leakyRelu, relu, relu6, reluBackward } from '../dist/index.js';

const before = process.argv[4] ? await import(pathToFileURL(resolve(process.argv[4], 'dist/index.js')).href) : undefined;

/** CPU time of this process in ms: on a machine shared with other work, wall time would also count the time others hold the cores. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const ROUNDS = Number(process.argv[2] ?? 9);
const N = Number(process.argv[3] ?? 1);
const CALLS = Math.max(1000, Math.round(2e6 / Math.max(1, N / 16)));

const x = Float32Array.from({ length: N }, (_, i) => (i % 2 ? 1 : -1) * (i + 0.5));
const dy = x.map((v) => v * 2);
const y = new Float32Array(N);
let sink = 0;

const syncCases = {
  'y.set(x)': () => (y.set(x), y),
  'relu(x, { out: y })': () => relu(x, { out: y }),
  'x.slice()': () => x.slice(),
  'relu(x)': () => relu(x),
  'leakyRelu(x, { out: y })': () => leakyRelu(x, { out: y }),
  'relu6(x, { out: y })': () => relu6(x, { out: y }),
  'reluBackward(x, dy, { out: y })': () => reluBackward(x, dy, { out: y }),
  ...(before
    ? {
        'before: relu(x, { out: y })': () => before.relu(x, { out: y }),
        'before: relu(x)': () => before.relu(x),
      }
    : {}),
};
const asyncCases = {
  'await (async () => x.slice())()': async () => (async () => x.slice())(),
  'await coreBackend.run(x)': async () => coreBackend.run(x),
  "await coreBackend.run(x, { op: 'relu6' })": async () => coreBackend.run(x, { op: 'relu6' }),
  ...(before ? { 'before: await coreBackend.run(x)': async () => before.coreBackend.run(x) } : {}),
};
const GOALS = [
  ['relu(x, { out: y })', 'y.set(x)', 3],
  ['relu(x)', 'x.slice()', 3],
  ['await coreBackend.run(x)', 'await (async () => x.slice())()', 2],
  ...(before
    ? [
        ['before: relu(x, { out: y })', 'y.set(x)', 3],
        ['before: relu(x)', 'x.slice()', 3],
        ['before: await coreBackend.run(x)', 'await (async () => x.slice())()', 2],
      ]
    : []),
];

function timeSync(f) {
  const start = cpuMs();
  for (let k = 0; k < CALLS; k++) sink ^= f().length;
  return ((cpuMs() - start) / CALLS) * 1e6; // ns per call
}
async function timeAsync(f) {
  const start = cpuMs();
  for (let k = 0; k < CALLS; k++) sink ^= (await f()).length;
  return ((cpuMs() - start) / CALLS) * 1e6;
}

const samples = {};
for (let round = 0; round < ROUNDS + 1; round++) {
  const times = {};
  for (const [k, f] of Object.entries(syncCases)) times[k] = timeSync(f);
  for (const [k, f] of Object.entries(asyncCases)) times[k] = await timeAsync(f);
  if (round === 0) continue; // warm-up: every function optimized before anything counts
  for (const [k, t] of Object.entries(times)) (samples[k] ??= []).push(t);
  for (const [call, base] of GOALS) (samples[`${call} / ${base}`] ??= []).push(times[call] / times[base]);
}
const stat = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return { median: s[s.length >> 1], low: s[0], high: s[s.length - 1] };
};
console.log(`n = ${N}, ${CALLS} calls per case per round, ${ROUNDS} rounds: median (range)`);
for (const k of [...Object.keys(syncCases), ...Object.keys(asyncCases)]) {
  const { median, low, high } = stat(samples[k]);
  console.log(`  ${k.padEnd(44)} ${median.toFixed(0).padStart(6)} ns  (${low.toFixed(0)}-${high.toFixed(0)})`);
}
console.log('goals:');
for (const [call, base, goal] of GOALS) {
  const { median, low, high } = stat(samples[`${call} / ${base}`]);
  console.log(`  ${call} / ${base}: ${median.toFixed(2)}x (${low.toFixed(2)}-${high.toFixed(2)}), goal ${goal}x: ${median <= goal ? 'met' : 'not met'}`);
}
if (sink === 0.5) console.log(sink);
