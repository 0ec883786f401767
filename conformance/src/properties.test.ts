import { coreBackend, relu } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { materialize } from './arbitraries.js';
import { CallGuard } from './contract-guard.js';
import { parseProfile } from './profiles.js';
import { checkAgainstReference, checkOpLaws } from './properties.js';
import type { RowContext } from './scope.js';
import { ALL_OPS_FLOAT32, TEST_WHERE, bitsOf, fakeBackend, setBits, subject } from './test-support/fakes.js';

/** The property checks catch wrong backends, per op, and leave declared classes out. */

const guardOf = (backend: Parameters<typeof subject>[0], deviations: unknown[] = []) =>
  new CallGuard(subject(backend, parseProfile({ name: backend.name, description: '', environment: 'node', adapter: 'none', mode: 'raw', deviations }, 'test')), 5_000);
const at = (op: RowContext['op'], attributes: RowContext['attributes'] = op === 'leakyRelu' ? { alpha: 0.01 } : {}): RowContext => ({ op, attributes, dtype: 'float32', ...TEST_WHERE });
const x = materialize('float32', { length: 64, seed: 0, specialEvery: 1, before: 2, after: 1 });

describe('property checks', () => {
  it('pass on core, for every op', async () => {
    for (const op of ['relu', 'leakyRelu', 'relu6'] as const) {
      expect(await checkAgainstReference(guardOf(coreBackend), at(op), x)).toEqual([]);
      expect(await checkOpLaws(guardOf(coreBackend), at(op), x)).toEqual([]);
    }
    expect(await checkOpLaws(guardOf(coreBackend), at('leakyRelu', { alpha: -3 }), x)).toEqual([]);
    expect(await checkOpLaws(guardOf(coreBackend), at('leakyRelu', { alpha: 0 }), x)).toEqual([]);
  });

  it('catch a NaN turned into 0, in every op', async () => {
    const nanToZero = fakeBackend((_, y) => (y as Float32Array).forEach((v, i, a) => Number.isNaN(v) && (a[i] = 0)), ALL_OPS_FLOAT32);
    for (const op of ['relu', 'leakyRelu', 'relu6'] as const) {
      expect((await checkAgainstReference(guardOf(nanToZero), at(op), x)).join(), op).toMatch(/class NaN\+/);
      expect((await checkOpLaws(guardOf(nanToZero), at(op), x)).join(), op).toMatch(/NaN/);
    }
  });

  it('catch -0 in relu output unless declared', async () => {
    const keepNegativeZero = fakeBackend((input, y) => {
      for (let i = 0; i < input.length; i++) if (bitsOf(input, i) === 0x80000000) setBits(y, i, 0x80000000);
    });
    expect((await checkOpLaws(guardOf(keepNegativeZero), at('relu'), x)).join()).toMatch(/negative value or -0/);
    expect(await checkOpLaws(guardOf(keepNegativeZero, [{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }]), at('relu'), x)).toEqual([]);
  });

  it('catch a relu6 that does not clamp at 6, or leaks -0', async () => {
    const noClamp = fakeBackend((input, y) => (y as Float32Array).forEach((v, i, a) => v === 6 && (a[i] = (input as Float32Array)[i]!)), { relu6: ['float32'] });
    expect((await checkOpLaws(guardOf(noClamp), at('relu6'), new Float32Array([7, 1e30, Infinity]))).join()).toMatch(/outside \[\+0, 6\]/);
    const minusZero = fakeBackend((input, y) => (input as Float32Array).forEach((v, i) => Object.is(v, -0) && setBits(y, i, 0x80000000)), { relu6: ['float32'] });
    expect((await checkOpLaws(guardOf(minusZero), at('relu6'), new Float32Array([-0]))).join()).toMatch(/outside \[\+0, 6\]/);
  });

  it('catch a leakyRelu that flips the sign of zero, or rounds an exact product', async () => {
    const flipsZero = fakeBackend((input, y) => (input as Float32Array).forEach((v, i) => Object.is(v, -0) && setBits(y, i, 0)), { leakyRelu: ['float32'] });
    expect((await checkOpLaws(guardOf(flipsZero), at('leakyRelu'), new Float32Array([-0]))).join()).toMatch(/come back bit for bit/);
    const offByOne = fakeBackend((input, y) => (input as Float32Array).forEach((v, i) => v < 0 && setBits(y, i, bitsOf(y, i) + 1)), { leakyRelu: ['float32'] });
    expect((await checkOpLaws(guardOf(offByOne), at('leakyRelu', { alpha: 0.5 }), new Float32Array([3, 5]))).join()).toMatch(/leakyRelu\(-x\) = .* but -\(alpha x\) = -1.5 is exact/);
  });

  it('catch a leakyRelu that is not monotone for alpha >= 0', async () => {
    const upward = fakeBackend((input, y) => (input as Float32Array).forEach((v, i) => v < 0 && ((y as Float32Array)[i] = -v)), { leakyRelu: ['float32'] });
    expect((await checkOpLaws(guardOf(upward), at('leakyRelu'), new Float32Array([-2]))).join()).toMatch(/> 0 for a negative x with alpha >= 0/);
  });

  it('catch a non-monotone or non-homogeneous relu', async () => {
    const halvesLarge = fakeBackend((_, y) => (y as Float32Array).forEach((v, i, a) => v > 1e30 && (a[i] = v / 2)));
    expect((await checkOpLaws(guardOf(halvesLarge), at('relu'), new Float32Array([3e30, 1e30, -3e30, 2e30]))).join()).toMatch(/relu\(2x\)|split|idempotent/);
  });

  it('catch a backend that modifies its input or returns it', async () => {
    const inPlace = { ...coreBackend, name: 'in-place', run: async <T,>(input: T) => relu(input as Float32Array, { out: input as Float32Array }) as T };
    const problems = (await checkAgainstReference(guardOf(inPlace), at('relu'), materialize('float32', { length: 16, seed: 1, specialEvery: 1, before: 0, after: 0 }))).join();
    expect(problems).toMatch(/returned its input array itself/);
    expect(problems).toMatch(/wrote into its input/);
  });
});
