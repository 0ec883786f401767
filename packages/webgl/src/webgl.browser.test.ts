import { fileURLToPath } from 'node:url';
import { type BrowserPage, browserSkipReason, openBrowserPage } from '@relu/browser-harness';
import { BYTES_PER_ELEMENT, type DType, OPS, type OpName, prng } from '@relu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { WEBGL_OPS } from './glsl/ops.js';
import type { HostileResults, Verdict } from './test-support/checks.js';

/**
 * @relu/webgl in headless Chromium (ANGLE on SwiftShader here): every op and dtype the backend
 * declares against @relu/core, through run() and through the exported GLSL in a user's shader.
 * Locally a missing Chromium or WebGL2 skips with the reason printed; under CI it fails.
 */
const skipReason = browserSkipReason();
if (skipReason) console.warn(`@relu/webgl browser tests skipped: ${skipReason}`);
const page: BrowserPage | undefined = skipReason ? undefined : await openBrowserPage({ entry: fileURLToPath(new URL('./test-support/webgl-page.ts', import.meta.url)) });
afterAll(async () => page?.close());

const noWebGL2 = page && !(await page.call<boolean>('hasWebGL2')) ? 'Chromium offers no WebGL2 context here' : undefined;
if (noWebGL2 && process.env.CI) throw new Error(`CI requires the WebGL backend, but ${noWebGL2}`);
if (noWebGL2) console.warn(`@relu/webgl browser tests skipped: ${noWebGL2}`);
const skip = !page || noWebGL2 !== undefined;

const ATTRIBUTES: Record<OpName, Record<string, number>[]> = { relu: [{}], relu6: [{}], leakyRelu: [{ alpha: 0.01 }, { alpha: -2.5 }, { alpha: 1e-30 }] };
const RANDOM_PATTERNS = 1 << 16;
const runs = (Object.keys(WEBGL_OPS) as OpName[]).flatMap((op) => WEBGL_OPS[op]!.flatMap((dtype) => ATTRIBUTES[op].map((attributes) => ({ op, dtype, attributes }))));
const defaults = runs.filter((r) => r.attributes.alpha === undefined || r.attributes.alpha === 0.01);
const call = <T>(name: string, ...args: unknown[]): Promise<T> => page!.call<T>(name, ...args);
const clean = (verdict: Verdict): void => expect(verdict.mismatches).toEqual([]);

describe.skipIf(skip)('webglBackend in Chromium', () => {
  it('declares every op on every dtype it is defined on', () => {
    expect(WEBGL_OPS).toEqual({ relu: OPS.relu.dtypes, relu6: OPS.relu6.dtypes, leakyRelu: OPS.leakyRelu.dtypes });
  });

  it('names its context, renderer and texture limit', async () => {
    const info = await call<Record<string, unknown>>('info');
    expect(info).toMatchObject({ context: 'webgl2', ownContext: true });
    expect(String(info.renderer)).not.toBe('');
    expect(info.maxTextureSize).toBe(info.contextMaxTextureSize);
    expect(info.maxTextureSize).toBeGreaterThanOrEqual(2048);
  });

  it.each(runs)('$op $dtype $attributes: every pattern (8/16-bit) or 65,536 random patterns equal core', async ({ op, dtype, attributes }) => {
    const verdict = await call<Verdict>('sweep', op, dtype, attributes, RANDOM_PATTERNS, 11);
    expect(verdict.checked).toBe(BYTES_PER_ELEMENT[dtype] === 1 ? 256 : BYTES_PER_ELEMENT[dtype] === 2 ? 65536 : RANDOM_PATTERNS);
    clean(verdict);
  });

  it.each(defaults)('$op $dtype: every length 0..70, as views at element offsets 0..4, equals core and leaves x alone', async ({ op, dtype, attributes }) => {
    clean(await call<Verdict>('lengths', op, dtype, attributes, 70, 3));
  });

  it('splits by a forced MAX_TEXTURE_SIZE of 4 (16 texels, 256 bytes, per texture)', async () => {
    for (const dtype of ['int8', 'float16', 'float32', 'int64'] as DType[]) clean(await call<Verdict>('sweep', 'relu6', dtype, {}, 3001, 5, { maxTextureSize: 4 }));
    clean(await call<Verdict>('sweep', 'leakyRelu', 'bfloat16', { alpha: 0.2 }, 0, 5, { maxTextureSize: 4 }));
  });

  it("runs on the caller's own context and puts back the state it changed", async () => {
    const { mismatches, state } = await call<{ mismatches: unknown[]; state: Record<string, unknown> }>('sharedContext');
    expect(mismatches).toEqual([]);
    expect(state).toEqual({ scissor: true, colorMask: [true, false, true, false], unpackAlignment: 1, packRowLength: 7, viewport: [1, 2, 3, 4] });
  });

  it('takes a Float16Array and returns one', async () => {
    const result = await call<{ type: string; bits: number[] } | null>('float16Array');
    if (result === null) return console.warn('this Chromium has no Float16Array; skipped');
    expect(result.type).toBe('[object Float16Array]');
    expect(result.bits).toEqual([0x0000, 0x4000, 0x0000, expect.any(Number), 0x3800]);
    expect(result.bits[3]! & 0x7fff).toBeGreaterThan(0x7c00);
  });

  it('reads x by its internal slots and captures it at the call: a lying subclass, a posing array, a shrunk buffer, a write while pending', async () => {
    const result = await call<HostileResults>('hostile');
    expect(result.liar).toEqual({ plain: true, values: [0, 2, 6] });
    expect(result.posing).toMatch(/^TypeError: webgl\.run: x must be a typed array that says what it is; got a Int32Array whose Symbol\.toStringTag claims a string "Float32Array"/);
    expect(result.shrunk).toMatch(/^TypeError: webgl\.run: x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds of its resizable ArrayBuffer/);
    expect(result.written).toEqual([0, 2, 3]);
  });

  it('refuses what it does not run, and bad options, with typed errors naming them', async () => {
    await expect(call('runFail', 'leaky-int32')).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await expect(call('runFail', 'disposed')).rejects.toMatchObject({ name: 'BackendDisposedError' });
    await expect(call('runFail', 'gl-and-canvas')).rejects.toThrow(/options\.gl and options\.canvas exclude each other/);
    await expect(call('runFail', 'not-gl')).rejects.toThrow(/options\.gl must be a WebGL2RenderingContext/);
    await expect(call('runFail', 'limits')).rejects.toThrow(/options\.limits\.maxTextureSize must be an integer from 1 to the context's/);
    await expect(call('backend.create', 'webgl', { powerPreference: 'fast' })).rejects.toThrow(RangeError);
  });

  it('after losing its context rejects with ContextLostError, and a new backend works', async () => {
    const result = await call<{ before: number[]; runError: { name: string; message: string }; after: number[] }>('contextLoss');
    expect(result.before).toEqual([0, 1]);
    expect(result.runError).toMatchObject({ name: 'ContextLostError', message: expect.stringMatching(/^webgl\.run: the WebGL2 context was lost/) });
    expect(result.after).toEqual([0, 1]);
  });

  it('makes its context on a canvas element where the OffscreenCanvas has no WebGL2 (WebKitGTK 2.50)', async () => {
    try {
      await call('sabotage', 'no-offscreen-webgl2');
      // Limits of their own, so that the page makes a new backend (a new context) under the sabotage.
      clean(await call<Verdict>('sweep', 'relu', 'float32', {}, 4096, 7, { maxTextureSize: 999 }));
    } finally {
      await call('sabotage', 'restore');
    }
  });

  it('without WebGL2 rejects with WebGLUnavailableError', async () => {
    try {
      await call('sabotage', 'no-webgl2');
      await expect(call('backend.create', 'webgl', {})).rejects.toMatchObject({ name: 'WebGLUnavailableError', message: expect.stringMatching(/getContext\('webgl2'\) returned null/) });
    } finally {
      await call('sabotage', 'restore');
    }
  });
});

const bitsOf = (value: number): number => new Uint32Array(new Float32Array([value]).buffer)[0]!;

/** The same alphas as @relu/webgpu's tests: usual, zeros, negatives, extremes, random finite bits, ordinary values. */
function alphas(count: number, seed: number): number[] {
  const random = prng(seed);
  const usual = [0.01, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, -1, -0.01, 0, -0, 1e-45, 1.1754942e-38, 1.17549435e-38, 3.4028235e38, -3.4028235e38, 1e-30, 1e-5, 65504, 2 ** -16, 0.999999, 1.0000001];
  const finite = Array.from({ length: count }, () => {
    let bits: number;
    do bits = random() >>> 0;
    while (((bits >>> 23) & 0xff) === 0xff);
    return bits;
  });
  const ordinary = Array.from({ length: count }, () => bitsOf((random() / 2 ** 32) * (random() & 1 ? 1 : -4)));
  return [...usual.map(bitsOf), ...finite, ...ordinary];
}

/** The same double alphas as @relu/webgpu's tests, as (low, high) word pairs; their float32 rounding is finite, as SPEC.md requires. */
function doubleAlphas(count: number, seed: number): number[] {
  const random = prng(seed);
  const usual = [0.01, 0.1, 0.2, 1 / 3, 0.5, 1, 2, 3, -1, -0.01, 0, -0, 5e-324, 2.2250738585072009e-308, 2.2250738585072014e-308, 3.4028234e38, -3.4028234e38, 1e-300, 1e-5, 1 - 2 ** -53, 1 + 2 ** -52];
  const finite = Array.from({ length: count }, () => {
    let value: number;
    do value = new Float64Array(new Uint32Array([random(), random()]).buffer)[0]!;
    while (!Number.isFinite(Math.fround(value)));
    return value;
  });
  const ordinary = Array.from({ length: count }, () => (random() / 2 ** 32 + random() / 2 ** 64) * (random() & 1 ? 1 : -4));
  return [...usual, ...finite, ...ordinary].flatMap((value) => Array.from(new Uint32Array(new Float64Array([value]).buffer)));
}

describe.skipIf(skip)("the exported GLSL in a user's own shader", () => {
  it.each(['float16', 'bfloat16'] as const)('leaky_relu_%s: every pattern under 63 alphas equals core', async (dtype) => {
    const verdict = await call<Verdict>('leakyUser', dtype, alphas(20, 1), 0, 1);
    expect(verdict.checked).toBe(65536 * 63);
    clean(verdict);
  });

  it('leaky_relu_float32: 2 million random patterns under 143 alphas equal core', async () => {
    const verdict = await call<Verdict>('leakyUser', 'float32', alphas(60, 2), 14_000, 2);
    expect(verdict.checked).toBe(14_000 * 143);
    clean(verdict);
  });

  it("leaky_relu_float64: half a million random patterns under 81 of the caller's double alphas equal core", async () => {
    const verdict = await call<Verdict>('leakyUser', 'float64', doubleAlphas(30, 3), 6_000, 3);
    expect(verdict.checked).toBe(6_000 * 81);
    clean(verdict);
  });

  it.each((['relu', 'relu6'] as const).flatMap((op) => OPS[op].dtypes.map((dtype) => ({ op, dtype }))))('$op_$dtype: equals core', async ({ op, dtype }) => {
    clean(await call<Verdict>('opUser', op, dtype, 4096, 9));
  });
});

describe.skipIf(skip)('the browser page', () => {
  it('logged no errors', () => {
    expect(page!.errors()).toEqual([]);
  });
});
