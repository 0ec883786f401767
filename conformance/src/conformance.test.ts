import { BackendDisposedError, DTYPES, type DType, SPECIAL_VALUES, UnsupportedDTypeError, arrayFromBits, isNaNBits, elementBits } from '@relu/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arraySpec, materialize, replayParameters, specialExamples, specialValuesArray } from './arbitraries.js';
import { wordsOf } from './bit-views.js';
import { writeFile } from 'node:fs/promises';
import { renderMatrix, resultsDocument } from './matrix.js';
import { progressReporter, suiteConfig } from './suite-config.js';
import { classesOf } from './input-classes.js';
import { declaredOutcomes, isExcluded } from './profiles.js';
import { checkAgainstReference, checkSpecProperties } from './properties.js';
import { loadProfiles } from './registry.js';
import { openSubjectEnvironment } from './suite-environment.js';
import type { SweepSubject } from './sweep.js';
import { Tally } from './tally.js';
import type { SubjectResult } from './verdict.js';

/**
 * THE conformance suite: every subject of profiles.json, Node and browser alike, runs every test
 * below through the same ReluBackend contract. Per-subject differences live in profiles.json
 * (declared deviations and exclusions, each with a reason), never in this file.
 */
const config = suiteConfig();
const profiles = (await loadProfiles()).filter((p) => config.subjects === undefined || config.subjects.includes(p.name));
const environment = await openSubjectEnvironment(profiles);
console.log(`conformance: ${config.kind} sweep, seed ${config.seed} (replay with RELU_SEED=${config.seed}), fast-check ${config.numRuns} runs per property`);
for (const { profile, reason, skipped } of environment.unavailable) {
  console.warn(`conformance: ${profile.name} ${skipped ? 'SKIPPED' : 'UNAVAILABLE'}: ${reason}`);
}

let sweepResults: SubjectResult[] = [];
beforeAll(async () => {
  const began = performance.now();
  sweepResults = await environment.sweep({ kind: config.kind, seed: config.seed }, progressReporter((text) => process.stderr.write(text), process.stderr.isTTY === true));
  console.log(`conformance: ${config.kind} sweep done in ${((performance.now() - began) / 1000).toFixed(0)} s\n${renderMatrix(sweepResults)}`);
  if (config.jsonPath) await writeFile(config.jsonPath, `${JSON.stringify(resultsDocument(sweepResults, config), null, 2)}\n`);
}, config.sweepTimeoutMs);
afterAll(() => environment.close());

describe('every subject of profiles.json is available', () => {
  it.each(environment.unavailable.filter((u) => !u.skipped).map((u) => [u.profile.name, u.reason] as const))('%s', (_, reason) => {
    throw new Error(reason);
  });
  it('has subjects to check', () => expect(environment.subjects.length).toBeGreaterThan(0));
});

describe.each(environment.subjects.map((s) => [s.profile.name, s] as const))('%s', (_, subject: SweepSubject) => {
  const { profile, backend } = subject;
  const fcParameters = { numRuns: config.numRuns, ...replayParameters() };

  it(`reports what ran (${JSON.stringify(backend.info ?? {})})`, () => {
    expect(backend.name.length).toBeGreaterThan(0);
    expect(backend.dtypes.length).toBeGreaterThan(0);
    expect(backend.dtypes.every((d) => DTYPES.includes(d))).toBe(true);
  });

  describe.each(backend.dtypes.map((d) => [d] as const))('%s', (dtype: DType) => {
    it(`conforms to its profile on the ${config.kind} sweep`, () => {
      const result = sweepResults.find((r) => r.name === profile.name && r.dtype === dtype);
      expect(result, 'no sweep result for this subject and dtype').toBeDefined();
      const problems = result!.cells
        .filter((c) => c.verdict === 'FAIL' || c.verdict === 'stale')
        .map((c) => `${c.class}: ${c.verdict} (${c.mismatches} undeclared of ${c.checked})${c.verdict === 'stale' ? ` — declared "${c.reason}" but it no longer occurs` : ''} ${c.examples.map((e) => `${e.input} -> ${e.actual} (expected ${e.expected})`).join(', ')}`);
      expect([result!.error, ...problems].filter(Boolean)).toEqual([]);
      expect(result!.checked).toBeGreaterThan(0);
    });

    it('maps every special value and the seeds as SPEC.md writes them', async () => {
      const values = SPECIAL_VALUES[dtype];
      const x = specialValuesArray(dtype);
      const y = await backend.run(x, { dtype });
      // Expected bits come from the hand-written SPEC table; 'NaN' accepts any NaN.
      const expected = arrayFromBits(dtype, values.map((v) => (v.expected === 'NaN' ? v.input : v.expected)));
      const tally = new Tally(dtype, declaredOutcomes(profile, dtype, classesOf(dtype)));
      tally.compare(x, wordsOf(x), expected, wordsOf(expected), y, wordsOf(y));
      const wrong = values.flatMap((v, i) => {
        const got = elementBits(dtype, y, i);
        const ok = v.expected === 'NaN' ? isNaNBits(dtype, got) : got === v.expected;
        return ok ? [] : [`${v.label} (${v.input}): expected ${v.expected}, got ${got}`];
      });
      const undeclared = tally.mismatchesByClass.reduce((a, b) => a + b, 0);
      expect(undeclared, `undeclared differences: ${wrong.join('; ')}`).toBe(0);
    });

    it('matches @relu/core on arbitrary arrays at any offset (fast-check)', async () => {
      await fc.assert(
        fc.asyncProperty(arraySpec, async (spec) => {
          expect(await checkAgainstReference(backend, profile, dtype, materialize(dtype, spec))).toEqual([]);
        }),
        { ...fcParameters, examples: specialExamples() },
      );
    });

    it("holds SPEC.md's properties (fast-check)", async () => {
      await fc.assert(
        fc.asyncProperty(arraySpec, async (spec) => {
          expect(await checkSpecProperties(backend, profile, dtype, materialize(dtype, spec))).toEqual([]);
        }),
        { ...fcParameters, examples: specialExamples() },
      );
    });
  });

  it('rejects what it cannot run with a typed error', async () => {
    const unsupported = DTYPES.find((d) => !backend.dtypes.includes(d));
    if (unsupported) {
      const x = arrayFromBits(unsupported, SPECIAL_VALUES[unsupported].map((v) => v.input));
      await expect(backend.run(x, { dtype: unsupported })).rejects.toThrow(UnsupportedDTypeError);
    }
    await expect(backend.run('not an array' as never)).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint8Array(4) as never)).rejects.toThrow(TypeError);
    await expect(backend.run(new Uint16Array(4))).rejects.toThrow(/options\.dtype/);
  });

  const disposeExclusion = isExcluded(profile, 'use-after-dispose');
  it.skipIf(disposeExclusion !== undefined)(`rejects run() after dispose()${disposeExclusion ? ` (excluded: ${disposeExclusion.reason})` : ''}`, async () => {
    const fresh = await environment.recreate(profile);
    const dtype = fresh.backend.dtypes[0]!;
    const input = arrayFromBits(dtype, SPECIAL_VALUES[dtype].slice(0, 2).map((v) => v.input));
    await fresh.backend.run(input, { dtype });
    await fresh.backend.dispose();
    await expect(fresh.backend.run(input, { dtype })).rejects.toThrow(BackendDisposedError);
  });
});
