#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { renderMatrix, resultsDocument } from './matrix.js';
import { type SubjectProfile, parseProfile, parseProfiles } from './profiles.js';
import { PROFILES_PATH, createUserSubject, loadProfiles } from './registry.js';
import { openSubjectEnvironment } from './suite-environment.js';
import type { SweepKind } from './sweep-plans.js';
import { progressReporter } from './suite-config.js';

const program = new Command('relu-conformance')
  .description('Checks relu backends against SPEC.md on every float32 bit pattern and prints the subjects x input classes matrix.')
  .option('--quick', 'quick sweep: every sign x exponent stratum with few mantissas (seconds instead of minutes)')
  .addOption(new Option('--kind <kind>', 'sweep kind').choices(['exhaustive', 'stratified', 'quick']).default('exhaustive'))
  .option('--subjects <names>', 'only these subjects of the profiles, comma-separated', (v) => v.split(',').map((s) => s.trim()))
  .option('--backend <module>', 'also check your own backend: a module whose default export is a ReluBackend or returns one')
  .option('--profile <file>', "the profile of --backend: its name, mode and declared deviations (JSON), default: no deviations")
  .option('--profiles <file>', 'profiles of the built-in subjects', PROFILES_PATH)
  .option('--no-builtin', 'check only --backend, not the built-in subjects')
  .option('--no-browser', 'leave out the subjects that run in headless Chromium')
  .option('--seed <n>', 'seed of the random mantissas (replays a run)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`--seed must be a non-negative integer; got ${v}`);
    return n;
  })
  .option('--json <file>', 'also write the results as JSON')
  .showHelpAfterError();

async function userProfile(path: string | undefined): Promise<SubjectProfile | undefined> {
  if (!path) return undefined;
  const json = JSON.parse(await readFile(path, 'utf8')) as unknown;
  return (json as { subjects?: unknown }).subjects ? parseProfiles(json, path)[0] : parseProfile(json, path);
}

async function main(): Promise<number> {
  program.parse();
  const opts = program.opts<{ quick?: boolean; kind: SweepKind; subjects?: string[]; backend?: string; profile?: string; profiles: string; builtin: boolean; browser: boolean; seed?: number; json?: string }>();
  const kind: SweepKind = opts.quick ? 'quick' : opts.kind;
  const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
  let profiles = opts.builtin ? await loadProfiles(opts.profiles) : [];
  if (opts.subjects) {
    const unknown = opts.subjects.filter((name) => !profiles.some((p) => p.name === name));
    if (unknown.length > 0) throw new RangeError(`--subjects: unknown subject(s) ${unknown.join(', ')}; known: ${profiles.map((p) => p.name).join(', ')}`);
    profiles = profiles.filter((p) => opts.subjects!.includes(p.name));
  }
  if (!opts.browser) profiles = profiles.filter((p) => p.environment !== 'browser');
  const extra = opts.backend ? [await createUserSubject(opts.backend, await userProfile(opts.profile))] : [];
  console.error(`relu conformance: ${kind} sweep, seed ${seed}, ${profiles.length + extra.length} subjects`);
  const environment = await openSubjectEnvironment(profiles, extra);
  try {
    for (const u of environment.unavailable) console.error(`${u.skipped ? 'skipped' : 'FAIL: unavailable'}: ${u.profile.name}: ${u.reason}`);
    const results = await environment.sweep({ kind, seed }, progressReporter((text) => process.stderr.write(text), process.stderr.isTTY === true));
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(renderMatrix(results));
    if (opts.json) await writeFile(opts.json, `${JSON.stringify(resultsDocument(results, { kind, seed }), null, 2)}\n`);
    const failed = results.filter((r) => r.verdict === 'FAIL').length + environment.unavailable.filter((u) => !u.skipped).length;
    console.log(failed === 0 ? 'every subject conforms to its profile' : `${failed} subject(s) FAIL`);
    return failed === 0 ? 0 : 1;
  } finally {
    await environment.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`relu-conformance: ${error.message}`);
    process.exit(2);
  },
);
