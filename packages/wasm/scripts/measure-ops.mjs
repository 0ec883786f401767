#!/usr/bin/env node
// Every op against ReLU on data already in wasm memory (the zero-copy API, one thread), float32
// with random signs: time of run(op) / time of run('relu') on the same tensors, interleaved in
// the same process. The goal (issue 11): leakyRelu and relu6 within 10% (ratio <= 1.1) at 1e6 and
// 1.6e7. In place, leakyRelu runs with alpha = -1 so that repeated calls keep the data as it is
// (|x| after the first call, never drifting into subnormals, whose products are slow on some
// CPUs); into out, with the default alpha 0.01. Both alphas take the same lane variant (pmax).
// Needs a build first (npm run build). Usage: node scripts/measure-ops.mjs [--sizes=1e6,1.6e7] [--rounds=41] [--dtypes=float32]
import { createWasmRelu } from '../dist/index.js';
import { compare, parseArgs, randomSigns } from './timing.mjs';

const args = parseArgs(process.argv.slice(2));
const sizes = String(args.sizes ?? '1e6,1.6e7').split(',').map(Number);
const rounds = Number(args.rounds ?? 41);
const dtypes = String(args.dtypes ?? 'float32').split(',');

const wasm = await createWasmRelu();
console.log(`node ${process.version}; one thread; ratio = time(op) / time(relu), median of ${rounds} interleaved rounds`);
const rows = [];
for (const dtype of dtypes) {
  for (const n of sizes) {
    for (const mode of ['into out', 'in place']) {
      // Fresh random data for each mode: in place, the first calls change it (ReLU zeroes the negatives).
      const x = dtype === 'float32' ? wasm.from(randomSigns(n)) : wasm.allocate(dtype, n);
      if (dtype !== 'float32') crypto.getRandomValues(new Uint8Array(x.array.buffer, x.byteOffset, Math.min(x.byteLength, 65536)));
      const out = mode === 'in place' ? x : wasm.allocate(dtype, n);
      const target = out;
      const variants = {
        relu: () => wasm.run('relu', x, target),
        relu6: () => wasm.run('relu6', x, target),
      };
      if (['float32', 'float64', 'float16', 'bfloat16'].includes(dtype)) {
        variants.leakyRelu = () => wasm.run('leakyRelu', x, target, { alpha: mode === 'in place' ? -1 : 0.01 });
      }
      const times = await compare(variants, { baseline: 'relu', rounds, roundMs: n > 4e6 ? 60 : 8 });
      for (const [op, { seconds, ratio }] of Object.entries(times)) {
        rows.push({ dtype, n, mode, op, 'ms/call': +(seconds * 1e3).toFixed(3), '/ relu': +ratio.toFixed(2) });
      }
      x.free();
      if (out !== x) out.free();
    }
  }
}
console.table(rows);
await wasm.dispose();
