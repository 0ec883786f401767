#!/usr/bin/env node
// The per-call cost of wasmBackend().run(x) (issue 13), float32 with random signs, against the two
// floors measured side by side in the same process:
//   - "async slice": await (async () => x.slice())(), the least any run() that returns a new array
//     can cost; the goal at n = 1 is run() within 2x of it;
//   - "alloc + copy in + out": a new output array, x copied into wasm memory and back out, awaited:
//     the contract's own memory traffic; the goal from 1e3 to 1e6 is run() within 1.3x of it.
// It also splits run() into @relu/core's argument checks (checkOpRunArguments) and the rest.
// Needs a build first (npm run build). Usage: node scripts/measure-call.mjs [--sizes=1,1e3,1e4,1e5,1e6] [--rounds=41]
import { checkOpRunArguments } from '@relu/core';
import { ArrayRunner } from '../dist/array-run.js';
import { wasmBackend } from '../dist/index.js';
import { openRuntime } from '../dist/runtime.js';
import { compare, parseArgs, randomSigns } from './timing.mjs';

const args = parseArgs(process.argv.slice(2));
const sizes = String(args.sizes ?? '1,1e3,1e4,1e5,1e6').split(',').map(Number);
const rounds = Number(args.rounds ?? 41);

const backend = await wasmBackend();
// The same path as backend.run() without the argument checks, for the split.
const parts = await openRuntime('measure', {}, { scratchBytes: 64 * 1024 });
const runner = new ArrayRunner(parts);
const memory = new WebAssembly.Memory({ initial: 1 });

console.log(`node ${process.version}; float32, random signs; times are medians of ${rounds} interleaved rounds, ratios the median of per-round ratios`);
const rows = [];
for (const n of sizes) {
  const x = randomSigns(n);
  const call = checkOpRunArguments(backend.name, backend.ops, x, undefined);
  if (memory.buffer.byteLength < 64 + 4 * n) memory.grow(Math.ceil((64 + 4 * n - memory.buffer.byteLength) / 65536));
  const view = new Float32Array(memory.buffer);
  const variants = {
    'async slice': async () => {
      await (async () => x.slice())();
    },
    'alloc + copy in + out': async () => {
      await (async () => {
        const y = new Float32Array(n);
        view.set(x, 16);
        y.set(view.subarray(16, 16 + n));
        return y;
      })();
    },
    'backend.run(x)': async () => {
      await backend.run(x);
    },
    'checkOpRunArguments only': async () => {
      await (async () => checkOpRunArguments(backend.name, backend.ops, x, undefined))();
    },
    'run without the checks': async () => {
      await (async () => runner.run(backend.name, call, x))();
    },
  };
  const baseline = n === 1 ? 'async slice' : 'alloc + copy in + out';
  const times = await compare(variants, { baseline, rounds, roundMs: n >= 1e5 ? 30 : 8 });
  for (const [variant, { seconds, ratio }] of Object.entries(times)) {
    rows.push({ n, variant, 'us/call': +(seconds * 1e6).toFixed(3), [`/ baseline`]: +ratio.toFixed(2), baseline });
  }
}
console.table(rows);
await backend.dispose();
