import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { renderMatrix, resultsDocument, runConforms } from './matrix.js';
import { profileError } from './profile-error.js';
import { type SubjectProfile, parseProfile, parseProfiles } from './profiles.js';
import { PROFILES_PATH, createUserSubject, loadProfiles } from './registry.js';
import type { Tier } from './scope.js';
import { DEFAULT_DEADLINE_SECONDS, parseDeadline, parseOps, parsePositiveInteger, parseTiers, progressReporter } from './suite-config.js';
import { runSuite, suiteTargets } from './suite-run.js';
import { SUITE_PLANS, type SuitePlan, resolvePlan } from './suite-plan.js';

/**
 * Exit codes: 0 when every subject ran to the end and conforms to its profile; 1 when any row
 * fails, any subject could not run, or nothing was checked at all; 2 when the command itself is
 * wrong (an unknown option or subject, an invalid profile file or backend module).
 */
function command(): Command {
  return new Command('relu-conformance')
  .description('Checks relu backends against SPEC.md, every op they declare, on every float32 bit pattern, and prints the matrix of subjects x input classes per op and dtype.')
  .option('--quick', 'quick sweep: every sign x exponent stratum with few mantissas (seconds instead of minutes)')
  .addOption(new Option('--kind <plan>', "the plan: ci (all 2^32 float32 patterns on the rows profiles mark exhaustive, 2^24 stratified on the rest), exhaustive (every row at 2^32 in Node 20 and Chromium: hours on 2 cores), stratified, quick").choices([...SUITE_PLANS]).default('ci'))
  .option('--subjects <names>', 'only these subjects of the profiles, comma-separated', (v) => v.split(',').map((s) => s.trim()))
  .option('--ops <names>', 'only these ops, comma-separated (subjects that run none of them are left out)', (v) => {
    try {
      return parseOps(v, '--ops');
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })
  .option('--backend <module>', 'also check your own backend: a module whose default export is a ReluBackend or returns one')
  .option('--profile <file>', 'the profile of --backend: its name, mode and declared deviations (JSON), default: no deviations')
  .option('--profiles <file>', 'profiles of the built-in subjects', PROFILES_PATH)
  .option('--no-builtin', 'check only --backend, not the built-in subjects')
  .option('--runtimes <names>', 'the environments to run in, comma-separated: node20, node22, node24, node26, bun, deno, chromium, firefox, webkit (default: every one; those not installed are skipped with a notice, a failure under CI)')
  .option('--tiers <names>', 'the JIT tiers: optimized, cold (default both; only JavaScript-level subjects run cold)', (v) => {
    try {
      return parseTiers(v, '--tiers');
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })
  .option('--parallel <n>', 'environments open at once (default 2)', (v) => {
    try {
      return parsePositiveInteger(v, '--parallel');
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })
  .option('--no-browser', 'leave out the browsers (and the subjects that run only there)')
  .option('--seed <n>', 'seed of the random mantissas (replays a run)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`--seed must be a non-negative integer; got ${v}`);
    return n;
  })
  .option('--deadline <seconds>', `deadline of each run() call (default ${DEFAULT_DEADLINE_SECONDS}, or RELU_DEADLINE)`, (v) => {
    try {
      return parseDeadline(v, '--deadline');
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })
  .option('--json <file>', 'also write the results as JSON')
  .showHelpAfterError()
  .exitOverride();
}

async function userProfile(path: string | undefined): Promise<SubjectProfile | undefined> {
  if (!path) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw profileError(`--profile ${path}`, `is not a readable JSON file: ${(error as Error).message}`);
  }
  return (json as { subjects?: unknown } | null)?.subjects ? parseProfiles(json, path)[0] : parseProfile(json, path);
}

interface Options {
  quick?: boolean;
  kind: SuitePlan;
  subjects?: string[];
  ops?: ReturnType<typeof parseOps>;
  backend?: string;
  profile?: string;
  profiles: string;
  builtin: boolean;
  browser: boolean;
  runtimes?: string;
  tiers?: Tier[];
  parallel?: number;
  seed?: number;
  deadline?: number;
  json?: string;
}

/** Writes what the CLI prints: the matrix to `out`, progress and notices to `err`. */
export interface CliOutput {
  out(line: string): void;
  err(text: string): void;
  readonly isTerminal: boolean;
}

const STDIO: CliOutput = { out: (line) => console.log(line), err: (text) => process.stderr.write(text), isTerminal: process.stderr.isTTY === true };

/** Runs the CLI on `argv` (as process.argv: node, script, ...args) and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliOutput = STDIO): Promise<number> {
  try {
    return await check(argv, io);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2; // commander printed why
    io.err(`relu-conformance: ${(error as Error).message}\n`);
    return 2;
  }
}

async function check(argv: readonly string[], io: CliOutput): Promise<number> {
  const program = command();
  program.parse([...argv]);
  const opts = program.opts<Options>();
  const plan: SuitePlan = opts.quick ? 'quick' : opts.kind;
  const { kind, budgeted } = resolvePlan(plan);
  const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const deadlineMs = opts.deadline ?? (process.env.RELU_DEADLINE !== undefined ? parseDeadline(process.env.RELU_DEADLINE, 'RELU_DEADLINE') : DEFAULT_DEADLINE_SECONDS * 1000);
  let profiles = opts.builtin ? await loadProfiles(opts.profiles) : [];
  if (opts.subjects) {
    const unknown = opts.subjects.filter((name) => !profiles.some((p) => p.name === name));
    if (unknown.length > 0) throw new RangeError(`--subjects: unknown subject(s) ${unknown.join(', ')}; known: ${profiles.map((p) => p.name).join(', ')}`);
    profiles = profiles.filter((p) => opts.subjects!.includes(p.name));
  }
  const extra = opts.backend ? [await createUserSubject(opts.backend, await userProfile(opts.profile))] : [];
  let targets = (await suiteTargets(opts.runtimes, opts.tiers)).filter((t) => opts.browser || t.kind !== 'browser');
  // A user backend lives in this process: it needs the local target even when --runtimes leaves it out.
  if (extra.length > 0 && !targets.some((t) => t.local)) targets = [...(await suiteTargets(undefined, ['optimized'])).filter((t) => t.local), ...targets];
  io.err(
    `relu conformance: ${plan} plan, seed ${seed}, ${profiles.length + extra.length} subjects in ${targets.map((t) => `${t.name} ${t.tier}`).join(', ')}, deadline ${deadlineMs / 1000} s per call\n`,
  );
  const report = progressReporter(io.err, io.isTerminal);
  const outcomes = await runSuite(targets, profiles, {
    kind,
    budgeted,
    seed,
    deadlineMs,
    ...(opts.ops ? { ops: opts.ops } : {}),
    parallel: opts.parallel ?? 2,
    extra,
    onProgress: (where, progress) => report({ ...progress, where }),
  });
  if (io.isTerminal) io.err('\n');
  const rows = outcomes.flatMap((o) => o.rows);
  const failures = outcomes.flatMap((o) => o.failures);
  io.out(renderMatrix(rows, failures, outcomes.flatMap((o) => o.notices)));
  if (opts.json) {
    const environments = outcomes.filter((o) => o.place).map((o) => ({ name: o.target.name, tier: o.target.tier, label: o.label, engineVersion: o.place!.engineVersion, gpus: o.place!.gpus, seconds: o.seconds, notices: o.notices }));
    await writeFile(opts.json, `${JSON.stringify(resultsDocument(rows, failures, { kind: plan, seed, deadlineMs }, environments), null, 2)}\n`);
  }
  const failed = new Set([...rows.filter((r) => r.verdict === 'FAIL').map((r) => r.name), ...failures.filter((f) => !f.skipped).map((f) => f.name)]);
  const conforms = runConforms(rows, failures);
  io.out(conforms ? 'every subject conforms to its profile' : failed.size > 0 ? `${failed.size} subject(s) FAIL: ${[...failed].join(', ')}` : 'FAIL: nothing was checked');
  return conforms ? 0 : 1;
}

