#!/usr/bin/env node
// The per-call cost of wasmBackend().run(x) (issue 13), float32 with random signs, against the two
// floors measured side by side in the same process:
//   - "async slice": await (async () => x.slice())(), the least any run() that returns a new array
//     can cost; the goal at n = 1 is run() within 2x of it;
//   - "alloc + copy in + out": a new output array, x copied into wasm memory and back out, awaited:
//     the contract's own memory traffic; the goal from 1e3 to 1e6 is run() within 1.3x of it.
// It also splits run() into @relu/core's argument checks (checkRun) and the rest (the same runner
// with the checks' result given), and with --before=DIR times the run() of another build of this
// package in the same rounds: DIR/node_modules/@relu/wasm (with its own @relu/core beside it), e.g.
// copies of both packages' package.json and dist made before a change.
// CPU time of this process (one thread: no pool here), so that other work on the machine counts
// less; each ratio is the median of per-round ratios.
// Needs a build first (npm run build).
// Usage: node scripts/measure-call.mjs [--sizes=1,1e3,1e4,1e5,1e6] [--rounds=41] [--before=DIR]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkRun } from '@relu/core';
import { ArrayRunner } from '../dist/array-run.js';
import { wasmBackend } from '../dist/index.js';
import { openRuntime } from '../dist/runtime.js';
import { compare, parseArgs, randomSigns } from './timing.mjs';

const args = parseArgs(process.argv.slice(2));
const sizes = String(args.sizes ?? '1,1e3,1e4,1e5,1e6').split(',').map(Number);
const rounds = Number(args.rounds ?? 41);

const backend = await wasmBackend();
const before = args.before ? await (await import(pathToFileURL(resolve(String(args.before), 'node_modules/@relu/wasm/dist/index.js')).href)).wasmBackend() : undefined;
// The same path as backend.run() without the argument checks, for the split.
const parts = await openRuntime('measure', {}, { scratchBytes: 64 * 1024 });
const runner = new ArrayRunner(parts);
const memory = new WebAssembly.Memory({ initial: 1 });

console.log(`node ${process.version}; float32, random signs; CPU time per call: medians of ${rounds} interleaved rounds, ratios the median of per-round ratios`);
const rows = [];
for (const n of sizes) {
  const x = randomSigns(n);
  const call = checkRun(backend.name, backend.ops, x, undefined);
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
    ...(before
      ? {
          'backend.run(x), before': async () => {
            await before.run(x);
          },
        }
      : {}),
    'checkRun only': async () => {
      await (async () => checkRun(backend.name, backend.ops, x, undefined))();
    },
    'run without the checks': async () => {
      await (async () => runner.run(backend.name, call, x))();
    },
  };
  const baseline = n === 1 ? 'async slice' : 'alloc + copy in + out';
  const times = await compare(variants, { baseline, rounds, roundMs: n >= 1e5 ? 30 : 8, clock: 'cpu' });
  for (const [variant, { seconds, ratio }] of Object.entries(times)) {
    rows.push({ n, variant, 'us/call': +(seconds * 1e6).toFixed(3), [`/ baseline`]: +ratio.toFixed(2), baseline });
  }
}
console.table(rows);
await backend.dispose();
await before?.dispose();
