import { type DType, type ReluBackend, type ReluTypedArray, DTYPES, checkRunArguments, coreBackend, relu } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { materialize } from './arbitraries.js';
import { wordsOf } from './bit-views.js';
import { countClasses, countClassesInRange } from './classify.js';
import { classesOf } from './input-classes.js';
import { oracleInto } from './oracle.js';
import { type SubjectProfile, parseProfile, parseProfiles } from './profiles.js';
import { checkAgainstReference, checkSpecProperties } from './properties.js';
import { PROFILES_PATH, loadProfiles } from './registry.js';
import { planSweep } from './sweep-plans.js';
import { sweepSubjects } from './sweep.js';

/** The checker checked: the engine must catch every kind of wrong backend, and only those. */

function profile(overrides: Partial<SubjectProfile> = {}): SubjectProfile {
  return { name: 'fake', description: 'a test double', environment: 'node', adapter: 'none', mode: 'raw', deviations: [], ...overrides };
}

/** A backend that runs core, then lets `corrupt` damage the result. */
function fakeBackend(corrupt: (x: ReluTypedArray, y: ReluTypedArray) => void, dtypes: readonly DType[] = ['float32']): ReluBackend {
  return {
    name: 'fake',
    dtypes,
    async run<T extends ReluTypedArray>(x: T, options?: { dtype?: DType }): Promise<T> {
      checkRunArguments('fake', dtypes, x, options);
      const y = relu(x, options as never) as T;
      corrupt(x, y);
      return y;
    },
    async dispose() {},
  };
}

const keepNegativeZero = fakeBackend((x, y) => {
  const [xw, yw] = [new Uint32Array(x.buffer, x.byteOffset, x.length), new Uint32Array(y.buffer)];
  xw.forEach((bits, i) => bits === 0x80000000 && (yw[i] = 0x80000000));
});

describe('classification', () => {
  it.each(['float16', 'bfloat16', 'int8', 'int16'] as const)('counting %s classes by interval equals counting element by element', (dtype) => {
    const plan = planSweep(dtype, 'exhaustive', { seed: 1, chunkElements: 4096 });
    const classes = classesOf(dtype);
    for (const { input, start } of plan.chunks()) {
      const [byRange, byElement] = [classes.map(() => 0), classes.map(() => 0)];
      countClassesInRange(dtype, start!, input.length, byRange);
      countClasses(dtype, input, wordsOf(input), byElement);
      expect(byRange).toEqual(byElement);
    }
  });

  it('float32 classes over all 2^32 patterns have the sizes the format implies', () => {
    const counts = classesOf('float32').map(() => 0);
    countClassesInRange('float32', 0, 2 ** 32, counts);
    expect(Object.fromEntries(classesOf('float32').map((c, i) => [c, counts[i]]))).toEqual({
      '-Inf': 1,
      '-normal': 254 * 2 ** 23,
      '-subnormal': 2 ** 23 - 1,
      '-0': 1,
      '+0': 1,
      '+subnormal': 2 ** 23 - 1,
      '+normal': 254 * 2 ** 23,
      '+Inf': 1,
      'NaN+': 2 ** 23 - 1,
      'NaN-': 2 ** 23 - 1,
    });
  });
});

describe('sweep plans', () => {
  it.each(['float32', 'float64', 'int32', 'int64'] as const)('the quick %s plan reaches every input class and is replayable from its seed', (dtype) => {
    const plan = planSweep(dtype, 'quick', { seed: 7, chunkElements: 1 << 16 });
    const counts = classesOf(dtype).map(() => 0);
    const firstRun: string[] = [];
    let seen = 0;
    for (const { input } of plan.chunks()) {
      countClasses(dtype, input, wordsOf(input), counts);
      firstRun.push(String(input[input.length - 1]));
      seen += input.length;
    }
    expect(seen).toBe(plan.total);
    expect(counts.every((c) => c > 0)).toBe(true);
    const replay: string[] = [];
    for (const { input } of plan.chunks()) replay.push(String(input[input.length - 1]));
    expect(replay).toEqual(firstRun);
  });

  it('the stratified float32 plan has at least 2^24 inputs over all 512 sign x exponent strata', () => {
    const plan = planSweep('float32', 'stratified', { seed: 1, chunkElements: 1 << 22 });
    expect(plan.total).toBeGreaterThanOrEqual(2 ** 24);
    const strata = new Set<number>();
    for (const { input } of plan.chunks()) for (const bits of new Uint32Array(input.buffer, input.byteOffset, input.length)) strata.add(bits >>> 23);
    expect(strata.size).toBe(512);
  });

  it('int32 and int64 strata cover every bit length of both signs, including the minimum', () => {
    const plan = planSweep('int64', 'quick', { seed: 3, chunkElements: 1 << 20 });
    const values: bigint[] = [];
    for (const { input } of plan.chunks()) values.push(...(input as BigInt64Array));
    expect(values).toContain(-(2n ** 63n));
    expect(values).toContain(2n ** 63n - 1n);
    const lengths = new Set(values.map((v) => (v === 0n ? '0' : `${v < 0n ? '-' : '+'}${(v < 0n ? -v : v).toString(2).length}`)));
    // zero, positive bit lengths 1..63, negative bit lengths 1..64 (-2^63 has 64)
    expect(lengths.size).toBe(1 + 63 + 64);
  });
});

describe('the oracle', () => {
  it.each(DTYPES)('agrees with @relu/core on the quick %s plan', (dtype) => {
    const plan = planSweep(dtype, 'quick', { seed: 11, chunkElements: 1 << 16 });
    for (const { input } of plan.chunks()) {
      const [fromOracle, fromCore] = [input.slice(), relu(input, { dtype } as never)];
      oracleInto(dtype, input, fromOracle);
      expect(wordsOf(fromOracle)).toEqual(wordsOf(fromCore));
    }
  });
});

describe('verdicts', () => {
  const sweep = (backend: ReluBackend, p: SubjectProfile) => sweepSubjects([{ profile: p, backend }], { kind: 'quick', seed: 5, dtypes: ['float32'] });

  it('a conforming backend passes', async () => {
    const [result] = await sweep(coreBackend, profile());
    expect(result!.verdict).toBe('pass');
  });

  it('an undeclared deviation fails, naming the class with hex examples', async () => {
    const [result] = await sweep(keepNegativeZero, profile());
    expect(result!.verdict).toBe('FAIL');
    const cell = result!.cells.find((c) => c.class === '-0')!;
    expect(cell).toMatchObject({ verdict: 'FAIL', mismatches: 1 });
    expect(cell.examples).toEqual([{ input: '0x80000000', expected: '0x00000000', actual: '0x80000000' }]);
    expect(result!.cells.filter((c) => c.verdict !== 'pass').map((c) => c.class)).toEqual(['-0']);
  });

  it('a declared deviation with the declared outcome is declared', async () => {
    const p = profile({ deviations: [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }] });
    const [result] = await sweep(keepNegativeZero, p);
    expect(result!.verdict).toBe('declared');
    expect(result!.declared).toEqual([{ class: '-0', reason: 'keeps the sign of zero', mismatches: 1 }]);
  });

  it('a declared deviation with another outcome still fails', async () => {
    const p = profile({ deviations: [{ dtypes: ['float32'], class: '-0', becomes: 'NaN', reason: 'claims NaN, returns -0' }] });
    const [result] = await sweep(keepNegativeZero, p);
    expect(result!.verdict).toBe('FAIL');
  });

  it('a declared deviation that no longer occurs fails as stale', async () => {
    const p = profile({ deviations: [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'used to keep -0' }] });
    const [result] = await sweep(coreBackend, p);
    expect(result!.verdict).toBe('FAIL');
    expect(result!.cells.find((c) => c.class === '-0')!.verdict).toBe('stale');
  });

  it('a backend that throws fails with its error, and the others go on', async () => {
    const broken = fakeBackend(() => {
      throw new Error('device lost');
    });
    const results = await sweepSubjects(
      [
        { profile: profile({ name: 'broken' }), backend: broken },
        { profile: profile({ name: 'core', mode: 'reference' }), backend: coreBackend },
      ],
      { kind: 'quick', seed: 1, dtypes: ['float32'] },
    );
    expect(results.map((r) => [r.name, r.verdict])).toEqual([
      ['broken', 'FAIL'],
      ['core', 'pass'],
    ]);
    expect(results[0]!.error).toMatch(/device lost/);
  });
});

describe('property checks catch wrong backends', () => {
  const x = materialize('float32', { length: 64, seed: 0, specialEvery: 1, before: 2, after: 1 });

  it('pass on core', async () => {
    expect(await checkAgainstReference(coreBackend, profile(), 'float32', x)).toEqual([]);
    expect(await checkSpecProperties(coreBackend, profile(), 'float32', x)).toEqual([]);
  });

  it('catch a NaN turned into 0', async () => {
    const nanToZero = fakeBackend((_, y) => (y as Float32Array).forEach((v, i, a) => Number.isNaN(v) && (a[i] = 0)));
    expect((await checkAgainstReference(nanToZero, profile(), 'float32', x)).join()).toMatch(/class NaN\+/);
    expect((await checkSpecProperties(nanToZero, profile(), 'float32', x)).join()).toMatch(/NaN in iff NaN out/);
  });

  it('catch -0 in the output unless declared', async () => {
    expect((await checkSpecProperties(keepNegativeZero, profile(), 'float32', x)).join()).toMatch(/negative value or -0/);
    const declared = profile({ deviations: [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }] });
    expect(await checkSpecProperties(keepNegativeZero, declared, 'float32', x)).toEqual([]);
  });

  it('catch a backend that modifies its input or returns it', async () => {
    const inPlace: ReluBackend = { ...coreBackend, name: 'in-place', run: async <T extends ReluTypedArray>(input: T) => relu(input, { out: input } as never) as T };
    const problems = (await checkAgainstReference(inPlace, profile(), 'float32', materialize('float32', { length: 16, seed: 1, specialEvery: 1, before: 0, after: 0 }))).join();
    expect(problems).toMatch(/returned a view of its input/);
    expect(problems).toMatch(/modified its input/);
  });

  it('catch a non-monotone or non-homogeneous backend', async () => {
    const halvesLarge = fakeBackend((_, y) => (y as Float32Array).forEach((v, i, a) => v > 1e30 && (a[i] = v / 2)));
    const big = new Float32Array([3e30, 1e30, -3e30, 2e30]);
    expect((await checkSpecProperties(halvesLarge, profile(), 'float32', big)).join()).toMatch(/relu\(2x\)|split|idempotent/);
  });
});

describe('profiles', () => {
  it('the shipped profiles.json is valid and every adapter it names exists', async () => {
    const profiles = await loadProfiles(PROFILES_PATH);
    const { existsSync } = await import('node:fs');
    for (const p of profiles) expect(existsSync(new URL(`./subjects/${p.environment}/${p.adapter}.ts`, import.meta.url)), `${p.name}: adapter ${p.adapter}`).toBe(true);
  });

  it.each([
    [{ ...profile(), mode: 'canonical', deviations: [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'not allowed here' }] }, /canonical subject declares no deviations/],
    [{ ...profile(), deviations: [{ dtypes: ['float32'], class: '-zero', becomes: '-0', reason: 'a typo in the class' }] }, /"class" must be one of -Inf/],
    [{ ...profile(), deviations: [{ dtypes: ['float32'], class: '-0', becomes: 'zero', reason: 'unknown outcome' }] }, /"becomes" must be one of/],
    [{ ...profile(), deviations: [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: '' }] }, /"reason" must explain/],
    [{ ...profile(), colour: 'red' }, /unknown key "colour"/],
  ])('rejects an invalid profile (%#)', (value, message) => {
    expect(() => parseProfile(value, 'test')).toThrow(message);
  });

  it('rejects duplicate subject names', () => {
    expect(() => parseProfiles({ subjects: [profile(), profile()] }, 'test')).toThrow(/appears twice/);
  });
});
