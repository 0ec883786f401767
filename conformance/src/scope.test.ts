import { describe, expect, it } from 'vitest';
import { NanPayloads, describeNanPayload, nanIndices } from './nan-payload.js';
import { parseProfile, sweepKindFor, whyNotIn } from './profiles.js';
import { type RowContext, inScope, parseScope, whereIn } from './scope.js';
import { CI_COLD_SWEEP, CI_SWEEP, SECONDARY_SWEEP, isPrimary, narrowingFor, propertyRunsFor, resolvePlan } from './suite-plan.js';
import { TEST_WHERE } from './test-support/fakes.js';

/** Scopes by place (environment, engine, tier, GPU stack, array form), and the plan built on them. */

const row = (overrides: Partial<RowContext> = {}): RowContext => ({ op: 'relu', attributes: {}, dtype: 'float32', ...TEST_WHERE, ...overrides });
const base = { name: 'fake', description: 'a test double', environment: 'node', adapter: 'none', mode: 'raw', deviations: [] };

describe('place scope keys', () => {
  it('match the row they name and no other', () => {
    const scope = parseScope({ environments: ['node26', 'deno'], engines: ['V8'], tiers: ['optimized'], gpus: ['SwiftShader'], arrays: ['Float16Array'] }, 'test');
    const match = row({ environment: 'deno', gpu: 'SwiftShader', array: 'Float16Array', dtype: 'float16' });
    expect(inScope(scope, match)).toBe(true);
    expect(inScope(scope, { ...match, environment: 'node22' })).toBe(false);
    expect(inScope(scope, { ...match, engine: 'JavaScriptCore' })).toBe(false);
    expect(inScope(scope, { ...match, tier: 'cold' })).toBe(false);
    expect(inScope(scope, { ...match, gpu: 'llvmpipe' })).toBe(false);
    const { array: _, ...usual } = match;
    expect(inScope(scope, usual)).toBe(false);
    expect(inScope(parseScope({ arrays: ['default'] }, 'test'), usual)).toBe(true);
  });

  it.each([
    [{ engines: ['Hermes'] }, /"engines": must be a non-empty array of "V8", "JavaScriptCore", "SpiderMonkey"/],
    [{ tiers: ['warm'] }, /"tiers": must be a non-empty array of "optimized", "cold"/],
    [{ environments: [] }, /"environments": must be a non-empty array of names/],
    [{ gpus: [3] }, /"gpus": must be a non-empty array of names/],
  ])('reject an invalid value, naming the key (%#)', (raw, message) => {
    expect(() => parseScope(raw, 'test')).toThrow(message);
  });

  it('give a CPU subject no GPU stack, and a GPU subject its API\'s stack or what is missing', () => {
    const place = { environment: 'firefox', engine: 'SpiderMonkey' as const, engineVersion: '153', tier: 'optimized' as const, gpus: { webgl: 'llvmpipe' } };
    expect(whereIn(place, undefined).gpu).toBe('none');
    expect(whereIn(place, 'webgl').gpu).toBe('llvmpipe');
    expect(whereIn(place, 'webgpu').gpu).toBe('no webgpu');
  });
});

describe('where a subject runs', () => {
  const at = (environment: string, tier: 'optimized' | 'cold' = 'optimized', engine: RowContext['engine'] = 'V8') => ({ environment, engine, engineVersion: '', tier });
  const wasmBrowser = parseProfile(
    { ...base, environment: 'browser', tiers: ['optimized', 'cold'], unavailable: [{ environments: ['webkit'], tiers: ['cold'], reason: 'no wasm SIMD without the JIT' }] },
    'test',
  );

  it('by kind, tier and declared unavailability, each with its reason', () => {
    expect(whyNotIn(wasmBrowser, 'browser', at('firefox', 'cold', 'SpiderMonkey'))).toBeUndefined();
    expect(whyNotIn(wasmBrowser, 'runtime', at('node22'))).toMatch(/runs in browsers only/);
    expect(whyNotIn(wasmBrowser, 'browser', at('webkit', 'cold', 'JavaScriptCore'))).toBe('cannot run here: no wasm SIMD without the JIT');
    expect(whyNotIn(wasmBrowser, 'browser', at('webkit', 'optimized', 'JavaScriptCore'))).toBeUndefined();
    const optimizedOnly = parseProfile(base, 'test');
    expect(optimizedOnly.environments).toEqual(['runtime']);
    expect(whyNotIn(optimizedOnly, 'runtime', at('bun', 'cold', 'JavaScriptCore'))).toMatch(/optimized tier only/);
  });

  it('rejects an unavailability that names no place, or an unknown kind', () => {
    expect(() => parseProfile({ ...base, unavailable: [{ reason: 'it never runs anywhere' }] }, 'test')).toThrow(/"unavailable"\[0\]: needs "environments", "engines" or "tiers"/);
    expect(() => parseProfile({ ...base, environments: ['server'] }, 'test')).toThrow(/"environments": must be a non-empty array of "runtime", "browser"/);
  });
});

describe('the suite plan', () => {
  const profile = parseProfile({ ...base, sweep: [{ ops: ['relu'], dtypes: ['float32'], tiers: ['optimized'], kind: 'exhaustive', reason: 'our own backend, everywhere' }] }, 'test');
  const peer = parseProfile({ ...base, peer: true }, 'test');

  it('runs the requested plan in the primary environments, stratified elsewhere unless a profile exempts the row', () => {
    const node20 = { name: 'node20', kind: 'runtime' as const, tier: 'optimized' as const };
    const node22 = { ...node20, name: 'node22' };
    const cold = { ...node20, tier: 'cold' as const };
    expect(isPrimary(node20)).toBe(true);
    expect(narrowingFor(node20)).toBeUndefined();
    expect(narrowingFor(node22)).toBe(SECONDARY_SWEEP);
    expect(sweepKindFor(profile, row({ environment: 'node22' }), 'exhaustive', narrowingFor(node22))).toBe('exhaustive');
    expect(sweepKindFor(profile, row({ environment: 'node22', op: 'relu6' }), 'exhaustive', narrowingFor(node22))).toBe('stratified');
    expect(sweepKindFor(profile, row({ tier: 'cold' }), 'exhaustive', narrowingFor(cold))).toBe('stratified');
    // Exhaustive never widens a quick run.
    expect(sweepKindFor(profile, row({ environment: 'node22' }), 'quick', narrowingFor(node22))).toBe('quick');
  });

  it('under the CI plan sweeps all patterns only where CI_EXHAUSTIVE keeps them, whatever the profiles say', () => {
    const node20 = { name: 'node20', kind: 'runtime' as const, tier: 'optimized' as const };
    const node22 = { ...node20, name: 'node22' };
    const chromium = { name: 'chromium', kind: 'browser' as const, tier: 'optimized' as const };
    const everywhere = [{ ops: ['relu'], dtypes: ['float32'], tiers: ['optimized'], kind: 'exhaustive', reason: 'our own backend, everywhere' }];
    const core = parseProfile({ ...base, name: 'core', sweep: everywhere }, 'test');
    const webgpu = parseProfile({ ...base, name: 'webgpu', sweep: everywhere }, 'test');
    expect(resolvePlan('ci')).toEqual({ kind: 'exhaustive', budgeted: true });
    expect(resolvePlan('exhaustive')).toEqual({ kind: 'exhaustive', budgeted: false });
    expect(narrowingFor(node20, true)).toBe(CI_SWEEP);
    expect(narrowingFor({ ...node20, tier: 'cold' }, true)).toBe(CI_COLD_SWEEP);
    expect(sweepKindFor(core, row({ op: 'relu6' }), 'exhaustive', narrowingFor(node20, true))).toBe('exhaustive');
    // The profile's "exhaustive" setting (relu everywhere) does not exempt a row under the CI plan.
    expect(sweepKindFor(core, row({ environment: 'node22' }), 'exhaustive', narrowingFor(node22, true))).toBe('stratified');
    expect(sweepKindFor(core, row({ environment: 'node22' }), 'exhaustive', narrowingFor(node22, false))).toBe('exhaustive');
    expect(sweepKindFor(webgpu, row({ environment: 'chromium' }), 'exhaustive', narrowingFor(chromium, true))).toBe('exhaustive');
    expect(sweepKindFor(webgpu, row({ environment: 'chromium', op: 'relu6' }), 'exhaustive', narrowingFor(chromium, true))).toBe('stratified');
    expect(sweepKindFor(peer, row({}), 'exhaustive', narrowingFor(node20, true))).toBe('stratified');
    expect(sweepKindFor(peer, row({}), 'exhaustive', narrowingFor(node20, false))).toBe('exhaustive');
    expect(sweepKindFor(core, row({ tier: 'cold' }), 'exhaustive', narrowingFor({ ...node20, tier: 'cold' }, true))).toBe('quick');
  });

  it('gives fast-check fewer runs outside the primary environments, and none to peers there, saying why', () => {
    const firefox = { name: 'firefox', kind: 'browser' as const, tier: 'optimized' as const };
    expect(propertyRunsFor({ name: 'chromium', kind: 'browser', tier: 'optimized' }, peer, 60)).toEqual({ runs: 60 });
    expect(propertyRunsFor(firefox, peer, 60)).toMatchObject({ runs: 0, reason: expect.stringMatching(/not for peers/) });
    expect(propertyRunsFor(firefox, profile, 60).runs).toBeGreaterThan(0);
    expect(propertyRunsFor(firefox, profile, 60).runs).toBeLessThan(60);
    // Under the CI plan Chromium runs fewer, saying why; Node 20 the full count.
    expect(propertyRunsFor({ name: 'chromium', kind: 'browser', tier: 'optimized' }, profile, 60, true)).toMatchObject({ runs: 15, reason: expect.stringMatching(/round trip/) });
    expect(propertyRunsFor({ name: 'node20', kind: 'runtime', tier: 'optimized' }, profile, 60, true)).toEqual({ runs: 60 });
  });
});

describe('NaN payloads', () => {
  it('counts kept, quieted and rewritten NaNs, and outputs that are no NaN', () => {
    const input = new Uint32Array([0x7fc00001, 0x7f800001, 0xffc00000, 0x7fc00000, 0x3f800000, 0xff800002]);
    const output = new Uint32Array([0x7fc00001, 0x7fc00001, 0x7fc00000, 0x7fc00000, 0x3f800000, 0x00000000]);
    const indices = nanIndices('float32', input);
    expect([...indices]).toEqual([0, 1, 2, 3, 5]);
    const counts = new NanPayloads('float32');
    counts.add(input, output, indices);
    expect(counts.summary()).toEqual({ nans: 5, kept: 2, quieted: 1, rewritten: [{ bits: '0x7fc00000', count: 1 }], rewrittenOther: 0, notNaN: 1 });
    expect(describeNanPayload(counts.summary())).toBe('kept 40%, quieted 20%, -> 0x7fc00000 20%, not a NaN 20%');
  });

  it('reads float64 NaNs by both words and float16 by its own fields', () => {
    const f64 = new Float64Array(2);
    const words = new Uint32Array(f64.buffer);
    new DataView(f64.buffer).setBigUint64(0, 0x7ff0000000000001n, true);
    new DataView(f64.buffer).setBigUint64(8, 0x7ff0000000000000n, true);
    expect([...nanIndices('float64', words)]).toEqual([0]);
    expect([...nanIndices('float16', new Uint16Array([0x7c00, 0x7c01, 0xfe00, 0x3c00]))]).toEqual([1, 2]);
    const counts = new NanPayloads('float16');
    counts.add(new Uint16Array([0x7c01, 0xfe00]), new Uint16Array([0x7e01, 0x7e00]), Int32Array.from([0, 1]));
    expect(describeNanPayload(counts.summary())).toBe('quieted 50%, -> 0x7e00 50%');
  });
});
