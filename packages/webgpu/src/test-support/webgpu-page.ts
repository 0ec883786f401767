/// <reference types="@webgpu/types" />
/**
 * The browser test page: the package's sources bundled for Chromium, with the checks of
 * checks.ts and the error cases exposed to Node through @relu/browser-harness.
 */
import { BYTES_PER_ELEMENT, type DType, type OpName, type ReluTypedArray, bitMismatches, everyPattern, prng, randomBits } from '@relu/core';
import { expose, exposeBackends, markReady } from '@relu/browser-harness/page';
import { type WebGpuBackend, type WebGpuBackendOptions, encodeRelu, reluBuffer, webgpuBackend } from '../index.js';
import { planDispatches } from '../plan.js';
import { UNITS_PER_WORKGROUP } from '../wgsl/kernel.js';
import { type OffsetCase, leakyInUserShader, lengthsThroughRun, offsetsThroughEncode, opInUserShader, reference, sweepBackend, hostileInputs } from './checks.js';

exposeBackends({ webgpu: (options) => webgpuBackend(options as WebGpuBackendOptions) });

const backends = new Map<string, Promise<WebGpuBackend>>();
/** One backend per distinct options, kept for the page's life (creating devices is slow on SwiftShader). */
const backend = (limits?: Record<string, number>): Promise<WebGpuBackend> => {
  const key = JSON.stringify(limits ?? {});
  let made = backends.get(key);
  if (!made) {
    made = webgpuBackend(limits ? { limits } : {});
    backends.set(key, made);
  }
  return made;
};
let ownDevice: Promise<GPUDevice> | undefined;
/** A device of the page's own, as a user's app would have, with the adapter's binding and buffer limits. */
const device = (): Promise<GPUDevice> =>
  (ownDevice ??= navigator.gpu.requestAdapter().then((a) =>
    a!.requestDevice({ requiredLimits: { maxStorageBufferBindingSize: a!.limits.maxStorageBufferBindingSize, maxBufferSize: a!.limits.maxBufferSize } }),
  ));

const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
const originalRequestAdapter = typeof GPU === 'function' ? GPU.prototype.requestAdapter : undefined;

expose({
  adapter: async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    return adapter ? { vendor: adapter.info.vendor, architecture: adapter.info.architecture, fallback: adapter.info.isFallbackAdapter ?? false } : null;
  },

  info: async () => (await backend()).info,

  /** Inputs that lie about themselves, through run(). */
  hostile: async () => hostileInputs(await backend()),

  sweep: async (op: OpName, dtype: DType, attributes: Record<string, number>, count: number, seed: number, limits?: Record<string, number>) =>
    sweepBackend(await backend(limits), op, dtype, attributes, count, seed),

  lengths: async (op: OpName, dtype: DType, attributes: Record<string, number>, maxLength: number, seed: number) =>
    lengthsThroughRun(await backend(), op, dtype, attributes, maxLength, seed),

  offsets: async (op: OpName, dtype: DType, attributes: Record<string, number>, cases: OffsetCase[], inplace: boolean, seed: number, limits?: Record<string, number>) =>
    offsetsThroughEncode(await device(), op, dtype, attributes, cases, inplace, seed, limits),

  /** Every 16-bit pattern (or `count` random float32 patterns) under each alpha, in a user's shader. */
  leakyUser: async (dtype: 'float32' | 'float16' | 'bfloat16' | 'float64', alphaBits: number[], count: number, seed: number) => {
    // float64 alphas arrive as (low, high) word pairs, the others as float32 bits.
    const alphas = dtype === 'float64' ? new Float64Array(new Uint32Array(alphaBits).buffer) : new Float32Array(new Uint32Array(alphaBits).buffer);
    const random = prng(seed);
    const wide = dtype === 'float32' || dtype === 'float64';
    const one = wide ? randomBits(dtype, count, random) : everyPattern(dtype);
    const x = new (one.constructor as new (n: number) => ReluTypedArray)(one.length * alphas.length);
    for (let a = 0; a < alphas.length; a++) {
      if (wide) x.set(randomBits(dtype, count, random) as never, a * count);
      else x.set(one as never, a * one.length);
    }
    return leakyInUserShader(await device(), dtype, x, alphas);
  },

  opUser: async (op: 'relu' | 'relu6', dtype: DType, count: number, seed: number) => {
    const x = BYTES_PER_ELEMENT[dtype] <= 2 ? everyPattern(dtype) : randomBits(dtype, count, prng(seed));
    return opInUserShader(await device(), op, dtype, x);
  },

  /**
   * One in-place encodeRelu whose dispatch needs more than 65,535 workgroups in x (a 2-D grid), on
   * a buffer filled with one random tile repeated, read back in 16 MiB pieces (the page never
   * holds the whole array).
   */
  beyondOneDimension: async () => {
    const d = await device();
    const tileWords = 1 << 16;
    const tile = randomBits('float32', tileWords, prng(7));
    const words = 65_536 * UNITS_PER_WORKGROUP + 4096;
    const buffer = d.createBuffer({ size: words * 4, usage: storage });
    for (let w = 0; w < words; w += tileWords) d.queue.writeBuffer(buffer, w * 4, tile as Float32Array<ArrayBuffer>, 0, Math.min(tileWords, words - w));
    const plan = planDispatches({ dtype: 'float32', length: words, inputOffset: 0, outputOffset: 0, alignment: d.limits.minStorageBufferOffsetAlignment, limits: d.limits });
    const encoder = d.createCommandEncoder();
    encodeRelu(encoder, { device: d, input: buffer, output: buffer, dtype: 'float32', length: words });
    d.queue.submit([encoder.finish()]);
    const expected = reference('relu', 'float32', {}, tile) as Float32Array;
    const piece = 64 * tileWords;
    const staging = d.createBuffer({ size: piece * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const mismatches: unknown[] = [];
    for (let w = 0; w < words && mismatches.length < 10; w += piece) {
      const n = Math.min(piece, words - w);
      const copy = d.createCommandEncoder();
      copy.copyBufferToBuffer(buffer, w * 4, staging, 0, n * 4);
      d.queue.submit([copy.finish()]);
      await staging.mapAsync(GPUMapMode.READ, 0, n * 4);
      const got = new Float32Array(staging.getMappedRange(0, n * 4));
      for (let t = 0; t < n; t += tileWords) {
        const part = got.subarray(t, t + tileWords);
        for (const m of bitMismatches('float32', expected.subarray(0, part.length), part, 2)) mismatches.push({ ...m, index: w + t + m.index });
      }
      staging.unmap();
    }
    buffer.destroy();
    staging.destroy();
    return { words, workgroups: plan.map((p) => p.workgroups), mismatches };
  },

  float16Array: async () => {
    const Float16 = (globalThis as unknown as { Float16Array?: new (values: number[]) => ReluTypedArray }).Float16Array;
    if (!Float16) return null;
    const y = await (await backend()).run(new Float16([-1, 2, -0, Number.NaN, 0.5]));
    return { type: Object.prototype.toString.call(y), bits: Array.from(new Uint16Array(y.buffer, y.byteOffset, y.length)) };
  },

  /** A call with one thing wrong; its error crosses back to Node with its class. */
  fail: async (what: string) => {
    const d = await device();
    const encoder = d.createCommandEncoder();
    const good = d.createBuffer({ size: 256, usage: storage });
    const call = { device: d, input: good, output: good, dtype: 'float32' as DType, length: 8 };
    switch (what) {
      case 'encoder':
        return encodeRelu({} as GPUCommandEncoder, call);
      case 'not-a-buffer':
        return encodeRelu(encoder, { ...call, input: new Float32Array(8) as unknown as GPUBuffer });
      case 'no-storage-usage':
        return encodeRelu(encoder, { ...call, input: d.createBuffer({ size: 256, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ }) });
      case 'mapped':
        return encodeRelu(encoder, { ...call, output: d.createBuffer({ size: 256, usage: storage, mappedAtCreation: true }) });
      case 'too-small':
        return encodeRelu(encoder, { ...call, length: 65 });
      case 'too-small-with-offset':
        return encodeRelu(encoder, { ...call, dtype: 'int8', length: 250, outputOffset: 7, output: d.createBuffer({ size: 256, usage: storage }) });
      case 'misaligned':
        return encodeRelu(encoder, { ...call, dtype: 'float64', length: 2, inputOffset: 4, output: d.createBuffer({ size: 256, usage: storage }) });
      case 'inplace-offsets':
        return encodeRelu(encoder, { ...call, length: 4, outputOffset: 16 });
      case 'dtype':
        return encodeRelu(encoder, { ...call, dtype: 'uint8' as DType });
      case 'length':
        return encodeRelu(encoder, { ...call, length: -1 });
      case 'leaky-int32':
        return encodeRelu(encoder, { ...call, dtype: 'int32', op: 'leakyRelu' });
      case 'alpha':
        return encodeRelu(encoder, { ...call, op: 'leakyRelu', attributes: { alpha: Number.NaN } });
      case 'limits':
        return encodeRelu(encoder, { ...call, limits: { maxStorageBufferBindingSize: 16 } });
      case 'unknown-key':
        return encodeRelu(encoder, { ...call, offset: 4 } as never);
      case 'destroyed-input': {
        const input = d.createBuffer({ size: 256, usage: storage });
        input.destroy();
        return reluBuffer(d, { input, output: d.createBuffer({ size: 256, usage: storage }), dtype: 'float32', length: 8 });
      }
      case 'destroyed-output': {
        const output = d.createBuffer({ size: 256, usage: storage });
        output.destroy();
        return reluBuffer(d, { input: good, output, dtype: 'float32', length: 8 });
      }
      case 'backend-device':
        return webgpuBackend({ device: {} as GPUDevice });
      case 'backend-limits':
        return webgpuBackend({ limits: { maxBufferSize: 2 ** 60 } });
      default:
        throw new Error(`no failure case ${what}`);
    }
  },

  /** A backend.run() with one thing wrong. */
  runFail: async (what: string) => {
    const b = await backend();
    switch (what) {
      case 'leaky-int32':
        return b.run(new Int32Array(2), { op: 'leakyRelu' });
      case 'unknown-op':
        return b.run(new Float32Array(2), { op: 'gelu' as OpName });
      case 'uint8':
        return b.run(new Uint8Array(2) as unknown as ReluTypedArray);
      case 'disposed': {
        const disposed = await webgpuBackend();
        await disposed.dispose();
        return disposed.run(new Float32Array(2));
      }
      default:
        throw new Error(`no failure case ${what}`);
    }
  },

  /** Runs reluBuffer in place and out of place on the caller's buffers; returns the bits. */
  reluBufferRoundTrip: async () => {
    const d = await device();
    const x = new Float32Array([-1, 2, -0, Number.NaN, Number.NEGATIVE_INFINITY, 1e-45, -3, 4]);
    const input = d.createBuffer({ size: 32, usage: storage });
    const output = d.createBuffer({ size: 32, usage: storage });
    d.queue.writeBuffer(input, 0, x);
    await reluBuffer(d, { input, output, dtype: 'float32', length: 8 });
    await reluBuffer(d, { input, output: input, dtype: 'float32', length: 4, inputOffset: 16, outputOffset: 16, op: 'relu6' });
    const read = async (buffer: GPUBuffer): Promise<number[]> => {
      const staging = d.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      const encoder = d.createCommandEncoder();
      encoder.copyBufferToBuffer(buffer, 0, staging, 0, 32);
      d.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const bits = Array.from(new Uint32Array(staging.getMappedRange().slice(0)));
      staging.unmap();
      return bits;
    };
    return { output: await read(output), input: await read(input) };
  },

  /**
   * Device loss: destroy the device under a backend, then run on it (must reject with
   * DeviceLostError), encode on it, and make a new backend (must work).
   */
  deviceLoss: async () => {
    const lost = await webgpuBackend();
    const x = new Float32Array([-1, 1]);
    const before = Array.from(await lost.run(x));
    lost.device.destroy();
    await lost.device.lost;
    const runError = await lost.run(x).then(
      () => null,
      (e: Error) => ({ name: e.name, message: e.message }),
    );
    const encodeError = (() => {
      try {
        // A lost device still hands out (invalid) objects.
        const buffer = lost.device.createBuffer({ size: 256, usage: storage });
        encodeRelu(lost.device.createCommandEncoder(), { device: lost.device, input: buffer, output: buffer, dtype: 'float32', length: 1 });
        return null;
      } catch (e) {
        return { name: (e as Error).name, message: (e as Error).message };
      }
    })();
    await lost.dispose();
    const fresh = await webgpuBackend();
    const after = Array.from(await fresh.run(x));
    await fresh.dispose();
    return { before, runError, encodeError, after };
  },

  sabotage: (what: 'no-adapter' | 'no-navigator-gpu' | 'restore') => {
    if (what === 'no-adapter') GPU.prototype.requestAdapter = async () => null;
    if (what === 'no-navigator-gpu') Object.defineProperty(navigator, 'gpu', { value: undefined, configurable: true });
    if (what === 'restore') {
      delete (navigator as unknown as { gpu?: unknown }).gpu;
      if (originalRequestAdapter) GPU.prototype.requestAdapter = originalRequestAdapter;
    }
  },
});

markReady();
