import { fileURLToPath } from 'node:url';
import { type BrowserPage, browserSkipReason, openBrowserPage } from '@relu/browser-harness';
import { BYTES_PER_ELEMENT, type DType, OPS, type OpName, prng } from '@relu/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostileResults, OffsetCase, Verdict } from './test-support/checks.js';
import { UNITS_PER_WORKGROUP } from './wgsl/kernel.js';
import { WEBGPU_OPS } from './wgsl/ops.js';

/**
 * @relu/webgpu in headless Chromium (SwiftShader's WebGPU here): every op and dtype the backend
 * declares against @relu/core, through run(), through encodeRelu on the caller's buffers and
 * through the exported WGSL in a user's shader. Locally a missing Chromium or adapter skips with
 * the reason printed; under CI it fails.
 */
const skipReason = browserSkipReason();
if (skipReason) console.warn(`@relu/webgpu browser tests skipped: ${skipReason}`);
const page: BrowserPage | undefined = skipReason
  ? undefined
  : await openBrowserPage({ entry: fileURLToPath(new URL('./test-support/webgpu-page.ts', import.meta.url)) });
afterAll(async () => page?.close());

const adapter = page ? await page.call<{ vendor: string; architecture: string; fallback: boolean } | null>('adapter') : null;
const noAdapter = page && !adapter ? 'Chromium offers no WebGPU adapter here' : undefined;
if (noAdapter && process.env.CI) throw new Error(`CI requires the WebGPU backend, but ${noAdapter}`);
if (noAdapter) console.warn(`@relu/webgpu browser tests skipped: ${noAdapter}`);
const skip = !page || noAdapter !== undefined;

/** The attributes each op is checked with: defaults, plus leaky ReLU at a negative alpha and one that makes subnormals. */
const ATTRIBUTES: Record<OpName, Record<string, number>[]> = { relu: [{}], relu6: [{}], leakyRelu: [{ alpha: 0.01 }, { alpha: -2.5 }, { alpha: 1e-30 }] };
const RANDOM_PATTERNS = 1 << 16;
const runs = (Object.keys(WEBGPU_OPS) as OpName[]).flatMap((op) => WEBGPU_OPS[op]!.flatMap((dtype) => ATTRIBUTES[op].map((attributes) => ({ op, dtype, attributes }))));
const call = <T>(name: string, ...args: unknown[]): Promise<T> => page!.call<T>(name, ...args);
const clean = (verdict: Verdict): void => expect(verdict.mismatches).toEqual([]);

describe.skipIf(skip)('webgpuBackend in Chromium', () => {
  it('declares every op on every dtype it is defined on', () => {
    expect(WEBGPU_OPS).toEqual({ relu: OPS.relu.dtypes, relu6: OPS.relu6.dtypes, leakyRelu: OPS.leakyRelu.dtypes });
  });

  it('names the adapter it computes on and the limits it splits by', async () => {
    const info = await call<Record<string, unknown>>('info');
    expect(info).toMatchObject({ adapter: `${adapter!.vendor}/${adapter!.architecture}`, adapterFallback: adapter!.fallback, workgroupSize: 64 });
    for (const key of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupsPerDimension']) expect(info[key]).toBeGreaterThan(0);
  });

  it.each(runs)('$op $dtype $attributes: every pattern (8/16-bit) or 65,536 random patterns equal core', async ({ op, dtype, attributes }) => {
    const verdict = await call<Verdict>('sweep', op, dtype, attributes, RANDOM_PATTERNS, 11);
    expect(verdict.checked).toBe(BYTES_PER_ELEMENT[dtype] === 1 ? 256 : BYTES_PER_ELEMENT[dtype] === 2 ? 65536 : RANDOM_PATTERNS);
    clean(verdict);
  });

  it.each(runs.filter((r) => r.attributes.alpha !== -2.5 && r.attributes.alpha !== 1e-30))('$op $dtype: every length 0..70, as views at element offsets 0..4, equals core and leaves x alone', async ({ op, dtype, attributes }) => {
    clean(await call<Verdict>('lengths', op, dtype, attributes, 70, 3));
  });

  it('splits a run by forced small limits: 4 KiB buffers, 512-byte bindings, 2 workgroups per dimension', async () => {
    const limits = { maxBufferSize: 4096, maxStorageBufferBindingSize: 512, maxComputeWorkgroupsPerDimension: 2 };
    for (const dtype of ['int8', 'float16', 'float32', 'float64'] as DType[]) clean(await call<Verdict>('sweep', 'relu6', dtype, {}, 3000, 5, limits));
    clean(await call<Verdict>('sweep', 'leakyRelu', 'float16', { alpha: 0.2 }, 0, 5, limits));
  });

  it('runs one dispatch of more than 65,535 workgroups (67 million words, in place) as a 2-D grid', async () => {
    const { words, workgroups, mismatches } = await call<{ words: number; workgroups: [number, number][]; mismatches: unknown[] }>('beyondOneDimension');
    expect(words).toBeGreaterThan(65_535 * UNITS_PER_WORKGROUP);
    expect(workgroups).toEqual([[65_535, 2]]);
    expect(mismatches).toEqual([]);
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
    expect(result.posing).toMatch(/^TypeError: webgpu\.run: x must be a typed array that says what it is; got a Int32Array whose Symbol\.toStringTag claims a string "Float32Array"/);
    expect(result.shrunk).toMatch(/^TypeError: webgpu\.run: x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds of its resizable ArrayBuffer/);
    expect(result.written).toEqual([0, 2, 3]);
  });

  it('refuses what it does not run with typed errors', async () => {
    await expect(call('runFail', 'leaky-int32')).rejects.toThrow(TypeError);
    await expect(call('runFail', 'leaky-int32')).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await expect(call('runFail', 'unknown-op')).rejects.toThrow(/options\.op/);
    await expect(call('runFail', 'uint8')).rejects.toThrow(TypeError);
    await expect(call('runFail', 'disposed')).rejects.toMatchObject({ name: 'BackendDisposedError' });
  });

  it('after device loss rejects with DeviceLostError, and a new backend works', async () => {
    const result = await call<{ before: number[]; runError: { name: string; message: string }; encodeError: { name: string; message: string }; after: number[] }>('deviceLoss');
    expect(result.before).toEqual([0, 1]);
    expect(result.runError).toMatchObject({ name: 'DeviceLostError', message: expect.stringMatching(/webgpu\.run: the GPUDevice was lost \(reason 'destroyed'/) });
    expect(result.encodeError).toMatchObject({ name: 'DeviceLostError', message: expect.stringMatching(/^encodeRelu: the GPUDevice was lost/) });
    expect(result.after).toEqual([0, 1]);
  });

  it('without an adapter or navigator.gpu rejects with WebGpuUnavailableError saying which', async () => {
    try {
      await call('sabotage', 'no-adapter');
      await expect(call('backend.create', 'webgpu', {})).rejects.toMatchObject({ name: 'WebGpuUnavailableError', message: expect.stringMatching(/requestAdapter\(\) returned no adapter/) });
      await call('sabotage', 'restore');
      await call('sabotage', 'no-navigator-gpu');
      await expect(call('backend.create', 'webgpu', {})).rejects.toMatchObject({ name: 'WebGpuUnavailableError', message: expect.stringMatching(/navigator\.gpu is undefined/) });
    } finally {
      await call('sabotage', 'restore');
    }
  });

  it('rejects bad options with errors naming them', async () => {
    await expect(call('fail', 'backend-device')).rejects.toThrow(/webgpuBackend: options\.device must be a GPUDevice/);
    await expect(call('fail', 'backend-limits')).rejects.toThrow(/options\.limits\.maxBufferSize must be an integer from 512 to the device's/);
    await expect(call('backend.create', 'webgpu', { powerPreference: 'fast' })).rejects.toThrow(RangeError);
  });
});

/** Lengths 0..70 at several input and output element offsets (the binding alignment lands at every phase). */
function offsetCases(inputOffsets: readonly number[], outputOffsets: readonly number[]): OffsetCase[] {
  return Array.from({ length: 71 }, (_, length) => inputOffsets.flatMap((inputOffset) => outputOffsets.map((outputOffset) => ({ length, inputOffset, outputOffset })))).flat();
}

describe.skipIf(skip)("encodeRelu and reluBuffer on the caller's buffers", () => {
  const separate = offsetCases([0, 1, 2, 3, 5], [0, 1, 3]);
  const inplace = offsetCases([0, 1, 2, 3], [0]);
  const each = runs.filter((r) => r.attributes.alpha !== 1e-30 && r.attributes.alpha !== -2.5);

  it.each(each)('$op $dtype: lengths 0..70 at every offset pairing, out of place and in place, nothing outside the ranges written', async ({ op, dtype, attributes }) => {
    clean(await call<Verdict>('offsets', op, dtype, attributes, separate, false, 21));
    clean(await call<Verdict>('offsets', op, dtype, attributes, inplace, true, 22));
  });

  it('splits by forced small binding and grid limits without touching a neighbour', async () => {
    const big = [0, 1, 3].flatMap((inputOffset) => [0, 2].map((outputOffset) => ({ length: 1500 + inputOffset, inputOffset, outputOffset })));
    const limits = { maxStorageBufferBindingSize: 512, maxComputeWorkgroupsPerDimension: 1 };
    for (const dtype of ['int8', 'int16', 'float32', 'int64'] as DType[]) clean(await call<Verdict>('offsets', 'relu', dtype, {}, big, false, 31, limits));
    clean(await call<Verdict>('offsets', 'leakyRelu', 'bfloat16', { alpha: 0.3 }, big, true, 32, limits));
  });

  it('reluBuffer runs out of place and in place on a sub-range', async () => {
    const { output, input } = await call<{ output: number[]; input: number[] }>('reluBufferRoundTrip');
    // relu of [-1, 2, -0, NaN, -Inf, 1e-45, -3, 4]
    expect(output.map((b, i) => (i === 3 ? (b & 0x7fffffff) > 0x7f800000 : b))).toEqual([0, 0x40000000, 0, true, 0, 1, 0, 0x40800000]);
    // relu6 in place on elements 4..7 only: [-Inf, 1e-45, -3, 4] -> [0, 1e-45, 0, 4]
    expect(input.slice(0, 4)).toEqual([0xbf800000, 0x40000000, 0x80000000, 0x7fc00000]);
    expect(input.slice(4)).toEqual([0, 1, 0, 0x40800000]);
  });

  it.each([
    ['encoder', TypeError, /encodeRelu: encoder must be a GPUCommandEncoder/],
    ['not-a-buffer', TypeError, /options\.input must be a GPUBuffer; got a Float32Array/],
    ['no-storage-usage', TypeError, /options\.input must be a GPUBuffer created with GPUBufferUsage\.STORAGE; got one with usage MAP_READ \| COPY_DST/],
    ['mapped', TypeError, /options\.output must be unmapped/],
    ['too-small', RangeError, /options\.input must hold 65 float32 elements from byte 0.*at least 260 bytes; got a GPUBuffer of 256 bytes/],
    ['too-small-with-offset', RangeError, /options\.output must hold 250 int8 elements from byte 7.*at least 260 bytes/],
    ['misaligned', RangeError, /options\.inputOffset must be a non-negative multiple of 8 bytes \(the size of one float64 element\); got the number 4/],
    ['inplace-offsets', RangeError, /options\.outputOffset must be options\.inputOffset \(0\) when options\.output is options\.input/],
    ['dtype', RangeError, /options\.dtype must be one of/],
    ['length', RangeError, /options\.length must be a non-negative integer; got the number -1/],
    ['leaky-int32', TypeError, /leakyRelu is not defined on 'int32'/],
    ['alpha', RangeError, /options\.attributes\.alpha/],
    ['limits', RangeError, /options\.limits\.maxStorageBufferBindingSize must be an integer from 512/],
    ['unknown-key', TypeError, /unknown key "offset"/],
    ['destroyed-input', TypeError, /reluBuffer: options\.input must be a live GPUBuffer of this device/],
    ['destroyed-output', TypeError, /reluBuffer: options\.output must be a live GPUBuffer of this device/],
  ] as const)('%s: %s', async (what, type, message) => {
    const error = await call('fail', what).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
  });
});

const bitsOf = (value: number): number => new Uint32Array(new Float32Array([value]).buffer)[0]!;

/**
 * Alphas for leaky ReLU: the usual ones, both zeros, negatives, extremes (subnormal, largest
 * finite), and random ones: finite float32 bit patterns (products overflow and underflow) and
 * ordinary values in (-4, 1).
 */
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

/**
 * Double alphas (float64 leaky ReLU takes the caller's double), as (low, high) word pairs: the
 * usual ones unrounded, zeros, negatives, float64's smallest and SPEC.md's largest (alpha's
 * float32 rounding must be finite), random finite bit patterns within that range, and ordinary
 * values in (-4, 1).
 */
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

describe.skipIf(skip)("the exported WGSL in a user's own shader", () => {
  it.each(['float16', 'bfloat16'] as const)('leaky_relu_%s: every pattern under 103 alphas equals core', async (dtype) => {
    const verdict = await call<Verdict>('leakyUser', dtype, alphas(40, 1), 0, 1);
    expect(verdict.checked).toBe(65536 * 103);
    clean(verdict);
  });

  it('leaky_relu_float32: 4 million random patterns under 263 alphas equal core', async () => {
    const verdict = await call<Verdict>('leakyUser', 'float32', alphas(120, 2), 16_000, 2);
    expect(verdict.checked).toBe(16_000 * 263);
    clean(verdict);
  });

  it("leaky_relu_float64: 1 million random patterns under 81 of the caller's double alphas equal core", async () => {
    const verdict = await call<Verdict>('leakyUser', 'float64', doubleAlphas(30, 3), 12_345, 3);
    expect(verdict.checked).toBe(12_345 * 81);
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
