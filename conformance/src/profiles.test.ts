import { existsSync } from 'node:fs';
import { coreBackend } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { checkProfileFitsBackend } from './backend-check.js';
import { deviationsFor, parseProfile, parseProfiles, sweepKindFor, unsupportedFor } from './profiles.js';
import { PROFILES_PATH, loadProfiles } from './registry.js';
import { fakeBackend, TEST_WHERE } from './test-support/fakes.js';

const base = { name: 'fake', description: 'a test double', environment: 'node', adapter: 'none', mode: 'raw', deviations: [] };
const deviation = { dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' };

describe('profiles.json', () => {
  it('is valid, every adapter it names exists, and the GPU subjects carry a bench limit', async () => {
    const profiles = await loadProfiles(PROFILES_PATH);
    for (const p of profiles) expect(existsSync(new URL(`./subjects/${p.adapter}.ts`, import.meta.url)), `${p.name}: adapter ${p.adapter}`).toBe(true);
    const gpu = profiles.filter((p) => /webgl|webgpu/.test(JSON.stringify(p.options ?? {})) || /webgl|webgpu/.test(p.adapter));
    expect(gpu.length).toBeGreaterThan(0);
    for (const p of gpu) expect(p.bench, p.name).toMatchObject({ maxElements: 1_000_000 });
  });
});

describe('parsing', () => {
  it('normalizes: "ops" absent means ReLU, "class" and "becomes" become lists', () => {
    const p = parseProfile({ ...base, deviations: [deviation] }, 'test');
    expect(p.deviations[0]).toEqual({ ops: ['relu'], dtypes: ['float32'], classes: ['-0'], becomes: ['-0'], reason: 'keeps the sign of zero' });
    expect(deviationsFor(p, { op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE })).toHaveLength(1);
    expect(deviationsFor(p, { op: 'relu6', attributes: {}, dtype: 'float32', ...TEST_WHERE })).toHaveLength(0);
  });

  it('reads the older "sweep" object as a setting for every op, and scoped sweep settings for some', () => {
    const old = parseProfile({ ...base, sweep: { float32: 'stratified' } }, 'test');
    expect(sweepKindFor(old, { op: 'relu6', attributes: {}, dtype: 'float32', ...TEST_WHERE }, 'exhaustive')).toBe('stratified');
    const scoped = parseProfile({ ...base, sweep: [{ ops: ['relu6'], dtypes: ['float32'], kind: 'stratified', reason: 'too slow for all patterns' }] }, 'test');
    expect(sweepKindFor(scoped, { op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE }, 'exhaustive')).toBe('exhaustive');
    expect(sweepKindFor(scoped, { op: 'relu6', attributes: {}, dtype: 'float32', ...TEST_WHERE }, 'exhaustive')).toBe('stratified');
    expect(sweepKindFor(scoped, { op: 'relu6', attributes: {}, dtype: 'float32', ...TEST_WHERE }, 'quick')).toBe('quick');
  });

  it.each([
    [{ ...base, mode: 'canonical', deviations: [deviation] }, /canonical subject declares no deviations/],
    [{ ...base, deviations: [{ ...deviation, class: '-zero' }] }, /deviations\[0\] "class": "-zero" is not an input class of relu on float32/],
    [{ ...base, deviations: [{ ...deviation, becomes: 'zero' }] }, /deviations\[0\] "becomes": must be one of input, \+0/],
    [{ ...base, deviations: [{ ...deviation, reason: '' }] }, /deviations\[0\] "reason": must explain/],
    [{ ...base, deviations: [null] }, /deviations\[0\]: must be an object/],
    [{ ...base, deviations: [{ ...deviation, op: 'relu6' }] }, /deviations\[0\]: unknown key "op"/],
    [{ ...base, deviations: [{ ...deviation, ops: ['relu7'] }] }, /deviations\[0\] "ops": must be a non-empty array of "relu", "leakyRelu", "relu6"/],
    [{ ...base, deviations: [{ ...deviation, ops: ['leakyRelu'], dtypes: ['int32'], class: 'negative' }] }, /"dtypes": leakyRelu is not defined on int32/],
    [{ ...base, deviations: [{ ...deviation, ops: ['relu6'], class: '+normal' }] }, /"\+normal" is not an input class of relu6 on float32; its classes: .*\+normal<6, 6, \+normal>6/],
    [{ ...base, deviations: [{ ...deviation, attributes: { alpha: [0] } }] }, /"attributes": relu has no attribute "alpha"/],
    [{ ...base, deviations: [{ ...deviation, ops: ['leakyRelu'], attributes: { alpha: { min: 'x' } } }] }, /"attributes"\.alpha\.min: must be a finite number/],
    [{ ...base, deviations: [{ ...deviation, becomes: 'double-rounding' }] }, /"double-rounding" does not apply to float32/],
    [{ ...base, deviations: [{ ...deviation, dtypes: 'float32' }] }, /"dtypes": must be a non-empty array/],
    [{ ...base, bench: { maxElements: 1.5, reason: 'software GPU is slow' } }, /"bench" "maxElements": must be a positive integer; got 1.5/],
    [{ ...base, bench: { maxElements: 1000 } }, /"bench" "reason": must explain/],
    [{ ...base, sweep: [{ dtypes: ['float32'], kind: 'slow', reason: 'a reason of some length' }] }, /"sweep"\[0\] "kind": must be one of/],
    [{ ...base, sweep: [{ dtypes: ['float32'], kind: 'quick' }] }, /"sweep"\[0\] "reason": must explain/],
    [{ ...base, colour: 'red' }, /unknown key "colour"/],
    [{ ...base, mode: 'fast' }, /"mode": must be "reference", "raw" or "canonical"; got "fast"/],
    [{ ...base, exclusions: [{ test: 'everything', reason: 'a reason of some length' }] }, /exclusions\[0\] "test": must be one of use-after-dispose/],
    [{ ...base, deviations: [{ ...deviation, becomes: 'unsigned-zero-product' }] }, /"unsigned-zero-product" does not apply to relu \(only to leakyRelu\)/],
    [{ ...base, unsupported: [{ ops: ['leakyRelu'], reason: 'the shader does not compile' }] }, /"unsupported"\[0\]: needs "ops" and "attributes"/],
    [{ ...base, unsupported: [{ ops: ['leakyRelu'], attributes: { alpha: { max: 1 } }, reason: 'the shader does not compile' }] }, /"unsupported"\[0\] "attributes": includes leakyRelu's defaults/],
    [{ ...base, unsupported: [{ ops: ['leakyRelu'], attributes: { alpha: [1e30] } }] }, /"unsupported"\[0\] "reason": must explain/],
    [[], /profile test: must be an object; got \[\]/],
  ])('rejects an invalid profile, naming the field (%#)', (value, message) => {
    expect(() => parseProfile(value, 'test')).toThrow(message);
    expect(() => parseProfile(value, 'test')).toThrow(TypeError);
  });

  it('reads unsupported attribute values as scopes: the rows they cover, and no other', () => {
    const p = parseProfile({ ...base, unsupported: [{ ops: ['leakyRelu'], attributes: { alpha: { min: 1e20 } }, reason: 'alpha is written into the shader as text' }] }, 'test');
    expect(unsupportedFor(p, { op: 'leakyRelu', attributes: { alpha: 1e30 }, dtype: 'float32', ...TEST_WHERE })?.reason).toBe('alpha is written into the shader as text');
    expect(unsupportedFor(p, { op: 'leakyRelu', attributes: { alpha: 0.5 }, dtype: 'float32', ...TEST_WHERE })).toBeUndefined();
    expect(unsupportedFor(p, { op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE })).toBeUndefined();
  });

  it('rejects duplicate subject names and a file without "subjects", naming the file', () => {
    expect(() => parseProfiles({ subjects: [base, base] }, 'my.json')).toThrow(/my.json: subject name "fake" appears twice/);
    expect(() => parseProfiles([base], 'my.json')).toThrow(/my.json: must be an object \{ "subjects"/);
  });

  it('names the file when it is not JSON or cannot be read', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp(`${(await import('node:os')).tmpdir()}/relu-profile-`);
    await writeFile(`${dir}/bad.json`, '{ "subjects": [');
    await expect(loadProfiles(`${dir}/bad.json`)).rejects.toThrow(new RegExp(`${dir}/bad.json: is not valid JSON`));
    await expect(loadProfiles(`${dir}/missing.json`)).rejects.toThrow(/missing.json: cannot be read/);
  });
});

describe('a profile must fit its backend', () => {
  it('rejects a deviation on a dtype or op the backend does not run, naming the entry', () => {
    const p = parseProfile({ ...base, deviations: [{ ...deviation, dtypes: ['float64'] }] }, 'my.json subjects[0]');
    expect(() => checkProfileFitsBackend(p, fakeBackend(() => {}, { relu: ['float32'] }))).toThrow(/my.json subjects\[0\] \(fake\) deviations\[0\]: declares relu on float64, which backend "fake" does not run \(it runs relu on float32\)/);
    const q = parseProfile({ ...base, deviations: [{ ...deviation, ops: ['relu6'] }] }, 'x');
    expect(() => checkProfileFitsBackend(q, fakeBackend(() => {}, { relu: ['float32'] }))).toThrow(/declares relu6 on float32/);
    expect(() => checkProfileFitsBackend(q, coreBackend)).not.toThrow();
  });
});
