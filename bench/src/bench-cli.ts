#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { type Tier, TIERS, isBrowserName } from '@relu/browser-harness';
import { OP_NAMES } from '@relu/core';
import { Command, InvalidArgumentError } from 'commander';
import type { BenchData } from './bench-data.js';
import { UnknownBackendError } from './bench-names.js';
import { renderBenchTables } from './bench-table.js';
import { type BenchSettings, runBenchSession } from './bench-session.js';
import { defaultRuntimes } from './bench-targets.js';
import { parseDTypes, parseNames, parseOps, parseSizes, progressLine } from './cli-options.js';
import { evaluateGoals } from './goals.js';
import { machineInfo } from './machine.js';

const parseTier = (value: string): Tier => {
  if (!TIERS.includes(value as Tier)) throw new InvalidArgumentError(`tier must be one of ${TIERS.join(', ')}; got ${JSON.stringify(value)}`);
  return value as Tier;
};

const program = new Command('relu-bench')
  .description('Times every relu backend and op, in every runtime and browser asked for, as a ratio to copying the same bytes in the same environment and run, beside the baselines that bound them; in browsers also the GPU packages against copies on the same GPU.')
  .option('--quick', 'fewer sizes and shorter sampling (about a minute per few backends)')
  .option('--runtimes <names>', 'where to measure, comma-separated: node20, node22, node24, node26, bun, deno, chromium, firefox, webkit, or all (every one available); default this Node and chromium', parseNames)
  .option('--tier <tier>', `JIT tier of every environment: ${TIERS.join(' or ')} (default optimized; cold runs this Node as a child too)`, parseTier)
  .option('--backends <names>', 'only these subjects or cases, comma-separated (the baselines always run)', parseNames)
  .option('--ops <names>', `only these ops, comma-separated (default ${OP_NAMES.join(',')})`, parseOps)
  .option('--sizes <list>', 'float32 sizes, comma-separated (default 1,10,100,1e3,1e4,1e5,1e6,1.6e7)', parseSizes)
  .option('--dtype <list>', 'dtypes, comma-separated (default float32,float64,int32)', parseDTypes)
  .option('--no-browser', 'leave out the browsers, whatever --runtimes says')
  .option('--json <file>', 'write { machine, environments, results: [{ backend, environment, engine, version, tier, op, dtype, size, ratioToCopy, floors, ... }], firstCalls, gpuKernels, goals, notes }')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<{ quick?: boolean; runtimes?: string[]; tier?: Tier; backends?: string[]; ops?: BenchSettings['ops']; sizes?: number[]; dtype?: BenchSettings['dtypes']; browser: boolean; json?: string }>();
  const runtimes = (o.runtimes ?? (await defaultRuntimes())).filter((name) => o.browser || !isBrowserName(name));
  const settings: BenchSettings = {
    sizes: o.sizes ?? (o.quick ? [1, 1e3, 1e5, 1e6, 1.6e7] : [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1.6e7]),
    otherDTypeSizes: o.quick ? [1e6] : [1e3, 1e6],
    dtypes: o.dtype ?? ['float32', 'float64', 'int32'],
    ops: o.ops ?? OP_NAMES,
    measure: o.quick ? { rounds: 9, timeMs: 12 } : { rounds: 15, timeMs: 30 },
    runtimes,
    ...(o.tier ? { tier: o.tier } : {}),
    gpuKernelSizes: o.quick ? [1e4, 1e6] : [1e4, 1e5, 1e6, 1.6e7],
    ...(o.backends ? { only: o.backends } : {}),
  };
  const print = progressLine();
  const began = Date.now();
  const outcome = await runBenchSession(settings, (p) =>
    print(
      p.done === p.total ? `bench ${p.environment}: ${p.total} figures done (${((Date.now() - began) / 1000).toFixed(0)} s since the start)` : `bench ${p.environment}: ${p.done}/${p.total} ${[p.backend, p.op, p.dtype, `n=${p.size}`].filter(Boolean).join(' ')}`,
      p.done === p.total,
    ),
  );
  const data: BenchData = { ...outcome, goals: evaluateGoals(outcome.results, outcome) };
  console.log(renderBenchTables(data));
  outcome.notes.forEach((note) => console.log(`note: ${note}`));
  if (o.json) {
    const { results, firstCalls, gpuKernels, environments, goals } = data;
    await writeFile(o.json, `${JSON.stringify({ machine: await machineInfo(), environments, results, firstCalls, gpuKernels, goals, notes: outcome.notes }, null, 2)}\n`);
    console.log(`wrote ${o.json}`);
  }
}

main().catch((error: Error) => {
  console.error(`relu-bench: ${error.message}`);
  // 2: the command line asked for something that does not exist (a backend, a runtime); nothing was run.
  process.exit(error instanceof UnknownBackendError || error instanceof RangeError ? 2 : 1);
});
