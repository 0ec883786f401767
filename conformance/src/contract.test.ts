import { type ReluBackend, type ReluTypedArray, coreBackend, relu } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { materialize } from './arbitraries.js';
import { checkBackendShape } from './backend-check.js';
import { CallGuard } from './contract-guard.js';
import { renderMatrix, runConforms } from './matrix.js';
import { checkAgainstReference, checkOpLaws } from './properties.js';
import { backendFromModule } from './subject-module.js';
import { type SweepOptions, sweepSubjects } from './sweep.js';
import { Tally } from './tally.js';
import { classifierFor } from './classify.js';
import { summarize } from './verdict.js';
import { fakeBackend, profile, subject, TEST_PLACE, TEST_WHERE } from './test-support/fakes.js';

/**
 * Issue 12: the suite never passes by accident. Each test here uses a small fake backend that
 * today's main let through (or hung on).
 */

const QUICK: SweepOptions = { kind: 'quick', seed: 9, dtypes: ['float32'], deadlineMs: 300, place: TEST_PLACE };

const never = <T>(): Promise<T> => new Promise<T>(() => {});

function hangingBackend(keepAlive: boolean, after = 0): ReluBackend {
  let calls = 0;
  return fakeBackend(() => {
    if (calls++ < after) return undefined;
    if (keepAlive) setInterval(() => {}, 1_000).unref(); // unref'd so this test file can still exit: the guard's timer is what keeps a CLI alive
    return never();
  }, { relu: ['float32'], relu6: ['float32'] }, 'hangs');
}

describe('every run() call has a deadline', () => {
  it.each([false, true])('a call that never settles fails its subject, naming subject, op, dtype, test and deadline (keep-alive: %s)', async (keepAlive) => {
    const began = performance.now();
    const { rows } = await sweepSubjects([subject(hangingBackend(keepAlive)), subject(coreBackend, { name: 'core', mode: 'reference' })], QUICK);
    expect(performance.now() - began).toBeLessThan(20_000);
    const hung = rows.filter((r) => r.name === 'hangs');
    expect(hung.map((r) => [r.op, r.verdict])).toEqual([
      ['relu', 'FAIL'],
      ['relu6', 'FAIL'],
    ]);
    expect(hung[0]!.error).toMatch(/hangs \(test double hangs\): run\(\) of relu float32 in sweep did not settle within the 0.3 s deadline/);
    // After a missed deadline the subject is not called again (its first call may still be running).
    expect(hung[1]!.error).toMatch(/run\(\) of relu6 float32 in sweep: not called, because it missed the 0.3 s deadline in sweep \(relu float32\)/);
    expect(rows.filter((r) => r.name === 'core').every((r) => r.verdict === 'pass')).toBe(true);
  });

  it('a deadline missed mid-sweep keeps what was checked and fails the row', async () => {
    const { rows } = await sweepSubjects([subject(hangingBackend(false, 1))], { ...QUICK, chunkElements: 1 << 16, ops: ['relu'] });
    expect(rows[0]!.verdict).toBe('FAIL');
    expect(rows[0]!.error).toMatch(/sweep failed after 65,536 inputs: .*did not settle within the 0.3 s deadline/);
  });

  it('fast-check calls have the deadline too', async () => {
    const guard = new CallGuard(subject(hangingBackend(false)), 200);
    const x = materialize('float32', { length: 8, seed: 1, specialEvery: 0, before: 0, after: 0 });
    expect((await checkAgainstReference(guard, { op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE }, x)).join()).toMatch(/in fast-check: equal to @relu\/core did not settle within the 0.2 s deadline/);
    expect((await checkOpLaws(guard, { op: 'relu6', attributes: {}, dtype: 'float32', ...TEST_WHERE }, x)).join()).toMatch(/not called, because it missed the 0.2 s deadline/);
  });
});

describe('a backend that writes into its input or returns it fails the contract', () => {
  const writesIntoInput = fakeBackend((x) => {
    (x as Float32Array)[3] = 42; // the result is right, the caller's data is not
  }, { relu: ['float32'] }, 'scribbles');
  const returnsInput = fakeBackend((x) => relu(x as Float32Array, { out: x as Float32Array }), { relu: ['float32'] }, 'in-place');
  const returnsView = fakeBackend((x, y) => {
    const view = new Float32Array(x.buffer, x.byteOffset, x.length);
    view.set(y as Float32Array);
    return view;
  }, { relu: ['float32'] }, 'view');

  it.each([
    [writesIntoInput, /run\(\) wrote into its input: element \[3\] changed from 0x[0-9a-f]{8} to 0x42280000/],
    [returnsInput, /run\(\) returned its input array itself/],
    [returnsView, /run\(\) returned a view of its input's buffer/],
  ])('in the sweep (%#), and the next subject still gets the original input', async (backend, message) => {
    const { rows } = await sweepSubjects([subject(backend), subject(coreBackend, { name: 'core', mode: 'reference' })], { ...QUICK, ops: ['relu'] });
    expect(rows[0]!.verdict).toBe('FAIL');
    expect(rows[0]!.error).toMatch(message);
    expect(rows[1]!).toMatchObject({ name: 'core', verdict: 'pass' });
  });

  it.each([
    [writesIntoInput, /wrote into its input/],
    [returnsInput, /returned its input array itself/],
  ])('in fast-check (%#)', async (backend, message) => {
    const x = materialize('float32', { length: 16, seed: 1, specialEvery: 1, before: 0, after: 0 });
    expect((await checkAgainstReference(new CallGuard(subject(backend), 5_000), { op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE }, x)).join()).toMatch(message);
  });
});

describe('a backend that returns the wrong thing is told which and where', () => {
  it.each([
    ['undefined', () => null as unknown, /returned null; expected a new Float32Array of length/],
    ['a number array', (x: ReluTypedArray) => Array.from(x as Float32Array), /returned an Array of length \d+; expected a new Float32Array/],
    ['a shorter array', (x: ReluTypedArray) => new Float32Array(x.length - 1), /returned \d+ elements; expected a new Float32Array of length/],
    ['another dtype', (x: ReluTypedArray) => new Int32Array(x.length), /returned a Int32Array, another dtype; expected a new Float32Array/],
  ])('%s', async (_, result, message) => {
    const wrong = fakeBackend((x) => result(x), { relu: ['float32'] }, 'wrong');
    const { rows } = await sweepSubjects([subject(wrong)], QUICK);
    expect(rows[0]!.error).toMatch(/wrong \(test double wrong\): run\(\) of relu float32 in sweep/);
    expect(rows[0]!.error).toMatch(message);
  });

  it('a module whose default export is not a backend is rejected, naming the module and the field', async () => {
    const p = profile();
    await expect(backendFromModule({}, p, 'my-module.js')).rejects.toThrow(/my-module.js: has no default export/);
    await expect(backendFromModule({ default: () => undefined }, p, 'my-module.js')).rejects.toThrow(/my-module.js \(its default export, called\): must give a ReluBackend object .*got undefined/);
    await expect(backendFromModule({ default: { ...coreBackend, run: 5 } }, p, 'my-module.js')).rejects.toThrow(/my-module.js: the backend's "run": must be a function; got 5/);
    expect(() => checkBackendShape({ ...coreBackend, dtypes: ['float33'] }, 'm.js')).toThrow(/m.js: the backend's "dtypes": must be an array of float32/);
    expect(() => checkBackendShape({ ...coreBackend, ops: { leakyRelu: ['int32'] } }, 'm.js')).toThrow(/the backend's "ops.leakyRelu": must be an array of the dtypes leakyRelu is defined on/);
    expect(() => checkBackendShape({ ...coreBackend, name: '' }, 'm.js')).toThrow(/the backend's "name": must be a non-empty string/);
  });
});

describe('checking nothing is a failure', () => {
  it('a subject that runs nothing the sweep covers fails on its own', async () => {
    const { rows, failures } = await sweepSubjects([subject(fakeBackend(() => {}, {}, 'idle'))], QUICK);
    expect(rows).toEqual([]);
    expect(failures).toEqual([{ name: 'idle', environment: 'node', reason: expect.stringMatching(/test double idle: runs nothing this sweep covers/), skipped: false }]);
    expect(runConforms(rows, failures)).toBe(false);
  });

  it('a subject left out by narrowing the ops is a skip, not a failure', async () => {
    const { failures } = await sweepSubjects([subject(fakeBackend(() => {}, { relu: ['float32'] }, 'relu-only'))], { ...QUICK, ops: ['relu6'] });
    expect(failures).toEqual([expect.objectContaining({ name: 'relu-only', skipped: true, reason: expect.stringMatching(/runs none of the requested ops \(relu6/) })]);
  });

  it('a row that checked zero inputs fails', () => {
    const context = { op: 'relu' as const, attributes: {}, dtype: 'float32' as const, ...TEST_WHERE };
    const row = summarize(profile(), new Tally(context, classifierFor('float32'), []), { info: {}, sweep: 'none', seed: 0, seconds: 0 });
    expect(row.verdict).toBe('FAIL');
    expect(row.error).toMatch(/checked no inputs/);
  });

  it('a matrix with no rows does not conform, and says so', () => {
    expect(runConforms([], [])).toBe(false);
    expect(renderMatrix([], [])).toMatch(/FAIL: the matrix has no rows/);
  });
});
