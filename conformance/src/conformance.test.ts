import { writeFile } from 'node:fs/promises';
import { environmentSkipReason } from '@relu/runtime-harness';
import { backendOps } from '@relu/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAMES, type CheckName, type CheckOutcome, runChecks } from './checks.js';
import { renderMatrix, resultsDocument } from './matrix.js';
import { loadProfiles } from './registry.js';
import { describeContext, describeWhere } from './scope.js';
import { propertyRunsFor } from './suite-plan.js';
import { progressReporter, suiteConfig } from './suite-config.js';
import { type EnvironmentOutcome, type SuiteTarget, placeProfiles, runSuite, suiteTargets } from './suite-run.js';
import type { SubjectFailure, SubjectResult } from './verdict.js';

/**
 * THE conformance suite: every subject of profiles.json runs every check below, for every op it
 * declares, in every environment it runs in (the server runtimes and the browsers, optimized and
 * cold), through the same ReluBackend contract and under the same per-call deadline. What runs
 * where, and the differences each subject declares, are data (profiles.json, src/suite-plan.ts),
 * never code in this file. The environments run in one beforeAll, a few at a time (each is a
 * separate process); the tests then report what each one found.
 */
const config = suiteConfig();
const profiles = (await loadProfiles()).filter((p) => config.subjects === undefined || config.subjects.includes(p.name));
const targets = await suiteTargets(config.runtimes, config.tiers);
const where = (target: SuiteTarget) => `${target.name} ${target.tier}`;

/** Why a target cannot run here (a one-line notice locally; under CI a failure, reported by the run as a whole). */
function skipReasonOf(target: SuiteTarget): string | undefined {
  try {
    return environmentSkipReason(target);
  } catch {
    return undefined; // under CI: runSuite records the failure, and the tests below report it
  }
}

console.log(
  `conformance: ${config.plan} plan, seed ${config.seed} (replay with RELU_SEED=${config.seed}), fast-check ${config.numRuns} runs per property in the primary environments, deadline ${config.deadlineMs / 1000} s per call, ${config.parallel} environment(s) at a time, in ${targets.map(where).join(', ')}`,
);

const key = (target: SuiteTarget, name: string) => `${where(target)}/${name}`;
const checks = new Map<string, Record<CheckName, CheckOutcome> | { readonly notCreated: string }>();
/** The ops each subject runs, where RELU_OPS narrows the run: a subject that runs none of them has no rows, and says so. */
const subjectOps = new Map<string, readonly string[]>();
let outcomes: EnvironmentOutcome[] = [];
const rowsOf = (target: SuiteTarget, name: string): SubjectResult[] =>
  outcomes.flatMap((o) => (o.target === target ? o.rows.filter((r) => r.name === name) : []));
const failureOf = (target: SuiteTarget, name: string): SubjectFailure | undefined => outcomes.find((o) => o.target === target)?.failures.find((f) => f.name === name);

beforeAll(async () => {
  const began = performance.now();
  const report = progressReporter((text) => process.stderr.write(text), process.stderr.isTTY === true);
  outcomes = await runSuite(targets, profiles, {
    kind: config.kind,
    budgeted: config.budgeted,
    seed: config.seed,
    deadlineMs: config.deadlineMs,
    parallel: config.parallel,
    ...(config.ops ? { ops: config.ops } : {}),
    onProgress: (at, progress) => report({ ...progress, where: at }),
    checks: async (target, host, subjects) => {
      for (const { profile, subject, error } of subjects) {
        if (!subject) {
          checks.set(key(target, profile.name), { notCreated: error ?? 'not created' });
          continue;
        }
        subjectOps.set(key(target, profile.name), Object.keys(backendOps(subject.backend)));
        const runs = propertyRunsFor(target, profile, config.numRuns, config.budgeted);
        checks.set(
          key(target, profile.name),
          await runChecks(subject, host.place, { deadlineMs: config.deadlineMs, numRuns: runs.runs, ...(runs.reason ? { runsReason: runs.reason } : {}), ...(config.ops ? { ops: config.ops } : {}), recreate: () => host.create(profile) }),
        );
      }
    },
  });
  const rows = outcomes.flatMap((o) => o.rows);
  const failures = outcomes.flatMap((o) => o.failures);
  const budget = outcomes
    .filter((o) => o.profiles.length > 0)
    .map((o) => `  ${where(o.target).padEnd(20)} ${o.label.padEnd(34)} open ${o.seconds.open.toFixed(1).padStart(6)} s  sweep ${o.seconds.sweep.toFixed(1).padStart(7)} s  checks ${o.seconds.checks.toFixed(1).padStart(7)} s`);
  console.log(
    `conformance: ${config.plan} run done in ${((performance.now() - began) / 1000).toFixed(0)} s (wall clock, ${config.parallel} at a time)\n${budget.join('\n')}\n${renderMatrix(rows, failures, outcomes.flatMap((o) => o.notices))}`,
  );
  const notes = [...checks].flatMap(([at, result]) => ('notCreated' in result ? [] : Object.entries(result).flatMap(([check, r]) => r.notes.map((n) => `  ${at} ${check}: ${n}`))));
  if (notes.length > 0) console.log(`conformance: what the per-call checks left out, and why\n${[...new Set(notes)].join('\n')}`);
  if (config.jsonPath) {
    const environments = outcomes.filter((o) => o.place).map((o) => ({ name: o.target.name, tier: o.target.tier, label: o.label, engineVersion: o.place!.engineVersion, gpus: o.place!.gpus, seconds: o.seconds, notices: o.notices }));
    await writeFile(config.jsonPath, `${JSON.stringify(resultsDocument(rows, failures, { ...config, kind: config.plan }, environments), null, 2)}\n`);
  }
}, config.sweepTimeoutMs);

describe('the run as a whole', () => {
  it('has environments and subjects to check', () => {
    expect(targets.length, 'no environment selected').toBeGreaterThan(0);
    expect(profiles.length, 'no subject selected').toBeGreaterThan(0);
  });
  it('started every environment and every subject in it (a skip is a notice outside CI only)', () => {
    expect(outcomes.flatMap((o) => o.failures.filter((f) => !f.skipped).map((f) => `${f.name} in ${f.where}: ${f.reason}`))).toEqual([]);
  });
  it('checked something', () => expect(outcomes.flatMap((o) => o.rows).length, 'the matrix has no rows').toBeGreaterThan(0));
  it('every row of the matrix conforms to its profile, in every environment', () => {
    const failing = outcomes
      .flatMap((o) => o.rows)
      .filter((r) => r.verdict === 'FAIL')
      .map((r) => `${r.name} ${describeContext(r.context)} in ${describeWhere(r.context)}: ${r.error ?? r.cells.filter((c) => c.verdict === 'FAIL' || c.verdict === 'stale').map((c) => `${c.class} ${c.verdict}`).join(', ')}`);
    expect(failing).toEqual([]);
  });
});

for (const target of targets) {
  const { here } = placeProfiles(target, profiles);
  if (here.length === 0) continue;
  const skipReason = skipReasonOf(target);
  if (skipReason) console.warn(`conformance: ${where(target)} skipped: ${skipReason}`);
  describe.skipIf(skipReason !== undefined)(`${where(target)}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    describe.each(here.map((p) => [p.name, p] as const))('%s', (name) => {
      it('ran to the end of the sweep, conforming to its profile on every op and dtype it declares', () => {
        const failure = failureOf(target, name);
        if (failure && !failure.skipped) throw new Error(`did not run: ${failure.reason}`);
        const rows = rowsOf(target, name);
        const ops = subjectOps.get(key(target, name));
        if (rows.length === 0 && config.ops && ops && !ops.some((op) => config.ops!.includes(op as never))) {
          console.log(`conformance: ${name} in ${where(target)} runs ${ops.join(', ')}, none of RELU_OPS (${config.ops.join(', ')}): nothing to sweep`);
          return;
        }
        expect(rows.length, 'no sweep row for this subject here').toBeGreaterThan(0);
        const problems = rows.flatMap((row) => [
          ...(row.error ? [`${describeContext(row.context)}: ${row.error}`] : []),
          ...(row.checked === 0 ? [`${describeContext(row.context)}: checked nothing`] : []),
          ...row.cells
            .filter((c) => c.verdict === 'FAIL' || c.verdict === 'stale')
            .map(
              (c) =>
                `${describeContext(row.context)} ${c.class}: ${c.verdict} (${c.mismatches} undeclared of ${c.checked})${c.deviations.filter((d) => d.stale).map((d) => ` — declared "${d.reason}" but it no longer occurs here`).join('')} ${c.examples.map((e) => `${e.input} -> ${e.actual} (expected ${e.expected})`).join(', ')}`,
            ),
        ]);
        expect(problems).toEqual([]);
      });

      it.each(CHECK_NAMES.map((c) => [c] as const))('%s', (check) => {
        const result = checks.get(key(target, name));
        if (result === undefined) throw new Error(`not checked: ${failureOf(target, name)?.reason ?? 'the environment did not run its checks'}`);
        if ('notCreated' in result) throw new Error(`could not be created for the per-call checks: ${result.notCreated}`);
        expect(result[check].problems).toEqual([]);
      });
    });
  });
}
