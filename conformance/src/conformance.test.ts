import { writeFile } from 'node:fs/promises';
import {
  BackendDisposedError,
  DTYPES,
  type DType,
  OPS,
  OP_NAMES,
  type OpName,
  UnsupportedDTypeError,
  UnsupportedOpError,
  arrayFromBits,
  backendOps,
  elementBits,
  isNaNBits,
} from '@relu/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTES, arraySpec, materialize, replayParameters, specialExamples } from './arbitraries.js';
import { CallGuard } from './contract-guard.js';
import { renderMatrix, resultsDocument } from './matrix.js';
import { isExcluded, unsupportedFor } from './profiles.js';
import { checkAgainstReference, checkOpLaws } from './properties.js';
import { loadProfiles } from './registry.js';
import { type RowContext, describeContext } from './scope.js';
import type { Subject } from './subject.js';
import { progressReporter, suiteConfig } from './suite-config.js';
import { openSubjectEnvironment } from './suite-environment.js';
import type { SweepOutcome } from './sweep.js';

/**
 * THE conformance suite: every subject of profiles.json, Node and browser alike, runs every test
 * below, for every op it declares, through the same ReluBackend contract and under the same
 * per-call deadline. Per-subject differences live in profiles.json (declared deviations and
 * exclusions, each with a reason), never in this file.
 */
const config = suiteConfig();
const profiles = (await loadProfiles()).filter((p) => config.subjects === undefined || config.subjects.includes(p.name));
const environment = await openSubjectEnvironment(profiles, [], { deadlineMs: config.deadlineMs });
console.log(
  `conformance: ${config.kind} sweep, seed ${config.seed} (replay with RELU_SEED=${config.seed}), fast-check ${config.numRuns} runs per property, deadline ${config.deadlineMs / 1000} s per call`,
);
for (const { name, reason, skipped } of environment.failures) console.warn(`conformance: ${name} ${skipped ? 'SKIPPED' : 'DID NOT START'}: ${reason}`);

/** One call's worth of test time beyond the deadline, so a missed deadline reports itself, not vitest's timeout. */
const CALL_TEST_MS = 2 * config.deadlineMs + 30_000;
const PROPERTY_TEST_MS = Math.max(10 * 60_000, CALL_TEST_MS);

let outcome: SweepOutcome = { rows: [], failures: [] };
beforeAll(async () => {
  const began = performance.now();
  outcome = await environment.sweep(
    { kind: config.kind, seed: config.seed, deadlineMs: config.deadlineMs, ...(config.ops ? { ops: config.ops } : {}) },
    progressReporter((text) => process.stderr.write(text), process.stderr.isTTY === true),
  );
  console.log(`conformance: ${config.kind} sweep done in ${((performance.now() - began) / 1000).toFixed(0)} s\n${renderMatrix(outcome.rows, [...environment.failures, ...outcome.failures])}`);
  if (config.jsonPath) await writeFile(config.jsonPath, `${JSON.stringify(resultsDocument(outcome.rows, [...environment.failures, ...outcome.failures], config), null, 2)}\n`);
}, config.sweepTimeoutMs);
afterAll(() => environment.close());

describe('the run as a whole', () => {
  it.each(environment.failures.filter((f) => !f.skipped).map((f) => [f.name, f.reason] as const))('%s started', (_, reason) => {
    throw new Error(reason);
  });
  it('has subjects to check', () => expect(environment.subjects.length).toBeGreaterThan(0));
  it('checked something, and every subject ran to the end of the sweep', () => {
    expect(outcome.rows.length, 'the matrix has no rows').toBeGreaterThan(0);
    expect(outcome.failures.filter((f) => !f.skipped).map((f) => `${f.name}: ${f.reason}`)).toEqual([]);
  });
  it('every row of the matrix conforms to its profile (browser rows included, for every op swept in the page)', () => {
    const failing = outcome.rows.filter((r) => r.verdict === 'FAIL').map((r) => `${r.name} ${describeContext(r.context)}: ${r.error ?? r.cells.filter((c) => c.verdict === 'FAIL' || c.verdict === 'stale').map((c) => `${c.class} ${c.verdict}`).join(', ')}`);
    expect(failing).toEqual([]);
  });
});

/** The (op, dtype) pairs the subject runs, in registry order. */
function opDTypes(subject: Subject): [OpName, DType][] {
  const ops = backendOps(subject.backend);
  return OP_NAMES.flatMap((op) => (ops[op] ?? []).map((dtype) => [op, dtype] as [OpName, DType]));
}

describe.each(environment.subjects.map((s) => [s.profile.name, s] as const))('%s', (_, subject: Subject) => {
  const { profile, backend } = subject;
  const guard = new CallGuard(subject, config.deadlineMs);
  const fcParameters = { numRuns: config.numRuns, ...replayParameters() };
  const pairs = opDTypes(subject).filter(([op]) => config.ops === undefined || config.ops.includes(op));

  it(`reports what ran (${JSON.stringify(backend.info ?? {})})`, () => {
    expect(backend.name.length).toBeGreaterThan(0);
    expect(opDTypes(subject).length, 'the backend declares no op on any dtype').toBeGreaterThan(0);
  });

  describe.each(pairs.map(([op, dtype]) => [`${op} ${dtype}`, op, dtype] as const))('%s', (_, op, dtype) => {
    const context: RowContext = { op, attributes: OPS[op].defaults, dtype };

    it(`conforms to its profile on the ${config.kind} sweep`, () => {
      const rows = outcome.rows.filter((r) => r.name === profile.name && r.op === op && r.dtype === dtype);
      expect(rows.length, 'no sweep row for this subject, op and dtype').toBeGreaterThan(0);
      for (const row of rows) {
        const problems = row.cells
          .filter((c) => c.verdict === 'FAIL' || c.verdict === 'stale')
          .map((c) => `${c.class}: ${c.verdict} (${c.mismatches} undeclared of ${c.checked})${c.deviations.filter((d) => d.stale).map((d) => ` — declared "${d.reason}" but it no longer occurs`).join('')} ${c.examples.map((e) => `${e.input} -> ${e.actual} (expected ${e.expected})`).join(', ')}`);
        expect([row.error, ...problems].filter(Boolean)).toEqual([]);
        expect(row.checked).toBeGreaterThan(0);
      }
    });

    const table = OPS[op].specialValues[dtype];
    it.skipIf(table === undefined || table.length === 0)(
      `maps every special value as SPEC.md writes them${table?.length ? '' : ` (skipped: @relu/core has no special-values table for ${op} on ${dtype})`}`,
      async () => {
        const x = arrayFromBits(dtype, table!.map((v) => v.input));
        const y = await guard.run(x, context, 'special values');
        // Expected bits come from core's hand-written SPEC table; 'NaN' accepts any NaN. A row the
        // profile declares as deviating is held to its declared outcome by the fast-check comparison below.
        const wrong = table!.flatMap((v, i) => {
          const got = elementBits(dtype, y, i);
          return (v.expected === 'NaN' ? isNaNBits(dtype, got) : got === v.expected) ? [] : [`${v.label} (${v.input}): expected ${v.expected}, got ${got}`];
        });
        const undeclared = await checkAgainstReference(guard, context, x);
        expect(undeclared, `special values: ${wrong.join('; ')}`).toEqual([]);
      },
      CALL_TEST_MS,
    );

    /**
     * One fast-check property over random arrays and attributes; cases at attributes the profile
     * declares unsupported are not checked, and the test says how many and why.
     */
    const property = (check: typeof checkAgainstReference) => async () => {
      const left: string[] = [];
      await fc.assert(
        fc.asyncProperty(arraySpec, ATTRIBUTES[op], async (spec, attributes) => {
          const caseContext: RowContext = { op, attributes: { ...OPS[op].defaults, ...attributes }, dtype };
          const unsupported = unsupportedFor(profile, caseContext);
          if (unsupported) return void left.push(`${describeContext(caseContext)}: ${unsupported.reason}`);
          expect(await check(guard, caseContext, materialize(dtype, spec))).toEqual([]);
        }),
        { ...fcParameters, examples: specialExamples(op) },
      );
      if (left.length > 0) console.warn(`conformance: ${profile.name} ${op} ${dtype}: ${left.length} fast-check case(s) not checked, at attributes the profile declares unsupported (${[...new Set(left)].slice(0, 2).join('; ')})`);
    };

    it('matches @relu/core on arbitrary arrays at any offset and any attributes (fast-check)', property(checkAgainstReference), PROPERTY_TEST_MS);

    it(`holds the laws of ${op} in SPEC.md (fast-check)`, property(checkOpLaws), PROPERTY_TEST_MS);
  });

  it('rejects what it cannot run with a typed error', async () => {
    const ops = backendOps(backend);
    const [op] = opDTypes(subject)[0]!;
    const notRun = OP_NAMES.find((o) => ops[o] === undefined);
    if (notRun) await expect(backend.run(arrayFromBits('float32', ['0x3f800000']), { op: notRun })).rejects.toThrow(UnsupportedOpError);
    const unsupported = OPS[op].dtypes.find((d) => !(ops[op] ?? []).includes(d));
    if (unsupported) {
      const x = arrayFromBits(unsupported, ['0']);
      await expect(backend.run(x, { dtype: unsupported, op })).rejects.toThrow(UnsupportedDTypeError);
    }
    const undefinedFor = DTYPES.find((d) => !OPS[op].dtypes.includes(d));
    if (undefinedFor) await expect(backend.run(arrayFromBits(undefinedFor, ['1']), { dtype: undefinedFor, op })).rejects.toThrow(TypeError);
    await expect(backend.run('not an array' as never, { op })).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint8Array(4) as never, { op })).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint16Array(4), { op })).rejects.toThrow(/options\.dtype/);
  }, CALL_TEST_MS);

  const disposeExclusion = isExcluded(profile, 'use-after-dispose');
  it.skipIf(disposeExclusion !== undefined)(
    `rejects run() after dispose()${disposeExclusion ? ` (excluded: ${disposeExclusion.reason})` : ''}`,
    async () => {
      const fresh = await environment.recreate(profile);
      const [op, dtype] = opDTypes(fresh)[0]!;
      const context: RowContext = { op, attributes: OPS[op].defaults, dtype };
      const input = arrayFromBits(dtype, ['1', '0']);
      const freshGuard = new CallGuard(fresh, config.deadlineMs);
      await freshGuard.run(input, context, 'use after dispose');
      await freshGuard.dispose();
      await expect(fresh.backend.run(input, CallGuard.runOptions(fresh.backend, context))).rejects.toThrow(BackendDisposedError);
    },
    CALL_TEST_MS,
  );
});
