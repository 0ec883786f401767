#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { OP_NAMES } from '@relu/core';
import { Command } from 'commander';
import { UnknownBackendError } from './bench-names.js';
import { renderBenchTables } from './bench-table.js';
import { type BenchSettings, runBenchSession } from './bench-session.js';
import { parseDTypes, parseNames, parseOps, parseSizes, progressLine } from './cli-options.js';
import { evaluateGoals } from './goals.js';
import { machineInfo } from './machine.js';

const program = new Command('relu-bench')
  .description('Times every relu backend and op (Node and headless Chromium) as a ratio to copying the same bytes in the same run, beside the baselines that bound them.')
  .option('--quick', 'fewer sizes and shorter sampling (about a minute per few backends)')
  .option('--backends <names>', 'only these subjects or cases, comma-separated (the baselines always run)', parseNames)
  .option('--ops <names>', `only these ops, comma-separated (default ${OP_NAMES.join(',')})`, parseOps)
  .option('--sizes <list>', 'float32 sizes, comma-separated (default 1,10,100,1e3,1e4,1e5,1e6,1.6e7)', parseSizes)
  .option('--dtype <list>', 'dtypes, comma-separated (default float32,float64,int32)', parseDTypes)
  .option('--no-browser', 'leave out the backends that run in headless Chromium')
  .option('--json <file>', 'write { machine, results: [{ backend, op, dtype, size, ratioToCopy, floors, ... }], firstCalls, goals, notes }')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<{ quick?: boolean; backends?: string[]; ops?: BenchSettings['ops']; sizes?: number[]; dtype?: BenchSettings['dtypes']; browser: boolean; json?: string }>();
  const settings: BenchSettings = {
    sizes: o.sizes ?? (o.quick ? [1, 1e3, 1e5, 1e6, 1.6e7] : [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1.6e7]),
    otherDTypeSizes: o.quick ? [1e6] : [1e3, 1e6],
    dtypes: o.dtype ?? ['float32', 'float64', 'int32'],
    ops: o.ops ?? OP_NAMES,
    measure: o.quick ? { rounds: 9, timeMs: 12 } : { rounds: 15, timeMs: 30 },
    browser: o.browser,
    ...(o.backends ? { only: o.backends } : {}),
  };
  const print = progressLine();
  const outcome = await runBenchSession(settings, (p) =>
    print(
      p.done === p.total ? `bench ${p.environment}: ${p.total} figures done` : `bench ${p.environment}: ${p.done}/${p.total} ${[p.backend, p.op, p.dtype, `n=${p.size}`].filter(Boolean).join(' ')}`,
      p.done === p.total,
    ),
  );
  const goals = evaluateGoals(outcome.results);
  console.log(renderBenchTables(outcome.results, outcome.firstCalls, goals));
  outcome.notes.forEach((note) => console.log(`note: ${note}`));
  if (o.json) {
    const machine = { ...(await machineInfo()), ...(outcome.browser ? { browser: outcome.browser } : {}) };
    await writeFile(o.json, `${JSON.stringify({ machine, results: outcome.results, firstCalls: outcome.firstCalls, goals, notes: outcome.notes }, null, 2)}\n`);
    console.log(`wrote ${o.json}`);
  }
}

main().catch((error: Error) => {
  console.error(`relu-bench: ${error.message}`);
  // 2: the command line asked for something that does not exist; nothing was run.
  process.exit(error instanceof UnknownBackendError ? 2 : 1);
});
