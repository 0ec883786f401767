#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { parseSizes } from './cli-options.js';
import { parseRun, renderReadmeTable } from './report/readme-table.js';

/** `node bench/dist/readme-table.js run1.json run2.json run3.json`: the README's speed table as Markdown. */
const program = new Command('relu-readme-table')
  .description("Prints the README's speed table (Markdown) from `npm run bench -- --json` files, each cell the range over the runs.")
  .argument('<files...>', 'bench JSON files, at least three for a range worth printing')
  .option('--sizes <list>', 'ratio columns, comma-separated (default 1e4,1e6,1.6e7)', parseSizes)
  .option('--allow-fewer', 'accept fewer than three runs')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<{ sizes?: number[]; allowFewer?: boolean }>();
  const files = program.args;
  if (files.length < 3 && !o.allowFewer) program.error(`error: give at least three runs to show a range (got ${files.length}); --allow-fewer accepts fewer`, { exitCode: 2 });
  const runs = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new TypeError(`${file}: ${(error as Error).message}`);
    }
    runs.push(parseRun(json, file));
  }
  process.stdout.write(renderReadmeTable(runs, o.sizes ? { sizes: o.sizes } : {}));
}

main().catch((error: Error) => {
  console.error(`relu-readme-table: ${error.message}`);
  process.exit(2);
});
