#!/usr/bin/env node
/**
 * The speed of each op's core kernel against core ReLU and against a copy of the same bytes, in
 * one process, interleaved round by round and timed in CPU time so that machine load hits every case alike (issue 11's
 * goal: leakyRelu and relu6 within 1.5x of relu at 1e6 and 1.6e7 float32). Prints the median over
 * rounds and the range. Run after `npm run build`:
 *
 *     node packages/core/scripts/op-speed.mjs [rounds] [dtype]
 */
import { leakyRelu, prng, relu, relu6 } from '../dist/index.js';

/** CPU time of this process in ms: on a machine shared with other work, wall time would also count the time others hold the cores. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const ROUNDS = Number(process.argv[2] ?? 9);
const DTYPE = process.argv[3] ?? 'float32';
const ARRAY = { float32: Float32Array, float64: Float64Array }[DTYPE];
if (ARRAY === undefined) throw new RangeError(`op-speed: dtype must be float32 or float64; got ${DTYPE}`);

function timePerCall(f, n) {
  const calls = Math.max(2, Math.round(2e7 / n));
  f();
  const start = cpuMs();
  for (let k = 0; k < calls; k++) f();
  return (cpuMs() - start) / calls;
}

for (const n of [1e6, 1.6e7]) {
  const random = prng(n);
  // Random signs and magnitudes, as the bench's inputs: branchy code mispredicts on them.
  const x = ARRAY.from({ length: n }, () => (random() / 2 ** 32 - 0.5) * 20);
  const out = new ARRAY(n);
  const cases = {
    'copy (out.set(x))': () => out.set(x),
    'relu(x, { out })': () => relu(x, { out }),
    'leakyRelu(x, { out })': () => leakyRelu(x, { out }),
    'relu6(x, { out })': () => relu6(x, { out }),
  };
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const times = Object.fromEntries(Object.entries(cases).map(([k, f]) => [k, timePerCall(f, n)]));
    for (const k in times) samples[k].push({ ms: times[k], vsRelu: times[k] / times['relu(x, { out })'], vsCopy: times['copy (out.set(x))'] / times[k] });
  }
  console.log(`${DTYPE}, n = ${n.toExponential(1)}, ${ROUNDS} rounds: median (range)`);
  for (const [k, s] of Object.entries(samples)) {
    const stat = (key) => {
      const v = s.map((e) => e[key]).sort((a, b) => a - b);
      return `${v[v.length >> 1].toFixed(2)} (${v[0].toFixed(2)}-${v[v.length - 1].toFixed(2)})`;
    };
    console.log(`  ${k.padEnd(24)} ${stat('ms').padStart(22)} ms   x relu ${stat('vsRelu').padStart(18)}   of copy speed ${stat('vsCopy')}`);
  }
}
