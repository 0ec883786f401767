#!/usr/bin/env node
/**
 * What canonical repair (Op.repair, what @relu/onnx canonical mode runs on a runtime's output)
 * costs per call, each op against baselines timed in the same rounds of the same process: the
 * op's own forward kernel into an existing array (`OPS[op].forward`) and a plain copy
 * (`y.set(x)`) of the same bytes. The input mixes ordinary values on both sides of 0 and 6 with
 * -0, NaN and subnormals (1 in 16 each), and each repaired y starts as a runtime's output would
 * (a few elements wrong: -0 kept, NaN flushed, subnormals flushed). CPU time, medians over
 * rounds and their range. `--before=DIR` also times the repair of another build of @relu/core
 * (DIR/dist/index.js, e.g. a copy of dist made before a change) in the same rounds.
 *
 *     npm run build && node packages/core/scripts/repair-cost.mjs [--rounds=9] [--sizes=1,1e3,1e6] [--dtypes=float32] [--before=DIR]
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { OPS } from '../dist/index.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const ROUNDS = Number(args.rounds ?? 9);
const SIZES = String(args.sizes ?? '1,1e3,1e6').split(',').map(Number);
const DTYPES = String(args.dtypes ?? 'float32').split(',');
const before = args.before ? (await import(pathToFileURL(resolve(args.before, 'dist/index.js')).href)).OPS : undefined;
const ATTRIBUTES = { leakyRelu: { alpha: 0.01 }, relu6: {}, relu: {} };

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Bits of an input with every kind of value, and of what a flushing, -0-keeping runtime would return for it. */
function arrays(dtype, n) {
  const Words = dtype === 'float64' ? BigUint64Array : dtype === 'float32' ? Uint32Array : Uint16Array;
  const Values = dtype === 'float64' ? Float64Array : dtype === 'float32' ? Float32Array : Uint16Array;
  const x = new Values(n);
  const words = new Words(x.buffer);
  const special = {
    float64: [0x8000000000000000n, 0x7ff8000000000001n, 1n],
    float32: [0x80000000, 0x7fc00001, 1],
    float16: [0x8000, 0x7e01, 1],
    bfloat16: [0x8000, 0x7fc1, 1],
  }[dtype];
  for (let i = 0; i < n; i++) {
    if (Values === Uint16Array) words[i] = (i * 2654435761) & 0xbfff;
    else x[i] = (i % 17) - 8 + i / n;
    const k = i % 16;
    if (k === 5) words[i] = special[0];
    if (k === 9) words[i] = special[1];
    if (k === 13) words[i] = special[2];
  }
  return { x, Values, Words, special };
}

let sink = 0;
const rows = [];
for (const dtype of DTYPES) {
  for (const n of SIZES) {
    const { x, Values, Words, special } = arrays(dtype, n);
    const calls = Math.max(3, Math.round(2e6 / Math.max(1, n)));
    for (const name of ['leakyRelu', 'relu6']) {
      const op = OPS[name];
      const attributes = op.checkAttributes('bench', 'attributes', ATTRIBUTES[name]);
      // The runtime's output: the reference with -0 where x is -0, NaN turned to +0, subnormals flushed.
      const good = new Values(n);
      op.forward(dtype, attributes, x, good);
      const goodWords = new Words(good.buffer);
      const xWords = new Words(x.buffer);
      for (let i = 0; i < n; i++) if (xWords[i] === special[1] || xWords[i] === special[2]) goodWords[i] = typeof special[0] === 'bigint' ? 0n : 0;
      const y = new Values(n);
      const cases = {
        'y.set(x)': () => y.set(x),
        forward: () => op.forward(dtype, attributes, x, y),
        repair: () => (y.set(good), op.repair(dtype, attributes, x, y)),
        ...(before ? { 'repair, before': () => (y.set(good), before[name].repair(dtype, attributes, x, y)) } : {}),
      };
      const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
      for (let round = 0; round <= ROUNDS; round++) {
        for (const [k, f] of Object.entries(cases)) {
          const start = cpuMs();
          for (let c = 0; c < calls; c++) f();
          if (round > 0) samples[k].push(((cpuMs() - start) / calls) * 1e6);
          sink ^= y.length;
        }
      }
      for (const [k, v] of Object.entries(samples)) {
        const s = [...v].sort((a, b) => a - b);
        rows.push({ dtype, n, op: name, case: k, 'ns/call': +s[s.length >> 1].toFixed(0), range: `${s[0].toFixed(0)}-${s[s.length - 1].toFixed(0)}`, 'ns/element': +(s[s.length >> 1] / Math.max(1, n)).toFixed(2) });
      }
    }
  }
}
console.log(`node ${process.version}; ${ROUNDS} rounds, CPU time per call (repair includes y.set(runtime output) to restore y each call): median (range)`);
console.table(rows);
if (sink === 0.5) console.log(sink);
