#!/usr/bin/env node
import { installRuntimes } from './install.js';
import { runtimes } from './runtimes.js';

/**
 * relu-runtimes install [name,...]   installs the pinned runtimes that are missing (npm run runtimes:install)
 * relu-runtimes list                 what each runtime is and whether it can run here
 */
const USAGE = 'usage: relu-runtimes install [name,...] | relu-runtimes list';

async function main(args: string[]): Promise<number> {
  const [command, names] = args;
  if (command === 'install') {
    const started = performance.now();
    const outcomes = await installRuntimes(names ? { names: names.split(',') } : {});
    const installed = outcomes.filter((o) => o.status === 'installed');
    const cached = outcomes.filter((o) => o.status === 'cached');
    console.log(
      `runtimes: ${installed.length} installed${installed.length ? ` (${installed.map((o) => `${o.name} ${o.seconds.toFixed(1)} s`).join(', ')})` : ''}, ${cached.length} already installed, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  }
  if (command === 'list') {
    for (const info of await runtimes()) {
      const engine = `${info.engine}${info.engineVersion ? ` ${info.engineVersion}` : ''}`;
      console.log(`${info.name.padEnd(8)} ${info.label.padEnd(14)} ${engine.padEnd(28)} ${info.available ? `ok  ${info.executable}` : `--  ${info.reason}`}`);
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`relu-runtimes: ${(error as Error).message}`);
    process.exit(1);
  },
);
