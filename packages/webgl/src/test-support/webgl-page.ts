/**
 * The browser test page: the package's sources bundled for Chromium, with the checks of
 * checks.ts and the error cases exposed to Node through @relu/browser-harness.
 */
import { BYTES_PER_ELEMENT, type BitMismatch, type DType, type OpName, type ReluTypedArray, bitMismatches, everyPattern, prng, randomBits } from '@relu/core';
import { expose, exposeBackends, markReady } from '@relu/browser-harness/page';
import { type WebGLBackend, type WebGLBackendOptions, webglBackend } from '../index.js';
import { fromWords, inUserShader, lengthsThroughRun, reference, sweepBackend, hostileInputs } from './checks.js';

exposeBackends({ webgl: (options) => webglBackend(options as WebGLBackendOptions) });

const backends = new Map<string, Promise<WebGLBackend>>();
const backend = (limits?: Record<string, number>): Promise<WebGLBackend> => {
  const key = JSON.stringify(limits ?? {});
  let made = backends.get(key);
  if (!made) {
    made = webglBackend(limits ? { limits } : {});
    backends.set(key, made);
  }
  return made;
};
let userGl: WebGL2RenderingContext | undefined;
const gl = (): WebGL2RenderingContext => (userGl ??= new OffscreenCanvas(1, 1).getContext('webgl2')!);
const originalElementGetContext = HTMLCanvasElement.prototype.getContext;
const originalGetContext = OffscreenCanvas.prototype.getContext;

expose({
  hasWebGL2: () => new OffscreenCanvas(1, 1).getContext('webgl2') !== null,
  info: async () => (await backend()).info,

  /** Inputs that lie about themselves, through run(). */
  hostile: async () => hostileInputs(await backend()),

  sweep: async (op: OpName, dtype: DType, attributes: Record<string, number>, count: number, seed: number, limits?: Record<string, number>) =>
    sweepBackend(await backend(limits), op, dtype, attributes, count, seed),

  lengths: async (op: OpName, dtype: DType, attributes: Record<string, number>, maxLength: number, seed: number) =>
    lengthsThroughRun(await backend(), op, dtype, attributes, maxLength, seed),

  /** Every 16-bit pattern (or `count` random float32 patterns) under each alpha, in a user's shader. */
  leakyUser: (dtype: 'float32' | 'float16' | 'bfloat16' | 'float64', alphaBits: number[], count: number, seed: number) => {
    const random = prng(seed);
    // float64 alphas arrive as (low, high) word pairs, the others as float32 bits.
    const wordsPerAlpha = dtype === 'float64' ? 2 : 1;
    const alphaValues = dtype === 'float64' ? new Float64Array(new Uint32Array(alphaBits).buffer) : new Float32Array(new Uint32Array(alphaBits).buffer);
    const wide = dtype === 'float32' || dtype === 'float64';
    const perAlpha = wide ? count : 65536;
    const x = wide ? randomBits(dtype, count * alphaValues.length, random) : new Uint16Array(perAlpha * alphaValues.length);
    if (!wide) for (let a = 0; a < alphaValues.length; a++) (x as Uint16Array).set(everyPattern(dtype), a * perAlpha);
    const alphas = new Uint32Array(x.length * wordsPerAlpha).map((_, i) => alphaBits[Math.floor(i / wordsPerAlpha / perAlpha) * wordsPerAlpha + (i % wordsPerAlpha)]!);
    const y = fromWords(dtype, inUserShader(gl(), 'leakyRelu', dtype, x, alphas), x.length);
    const mismatches: BitMismatch[] = [];
    for (let a = 0; a < alphaValues.length && mismatches.length < 10; a++) {
      const slice = x.subarray(a * perAlpha, (a + 1) * perAlpha) as ReluTypedArray;
      const want = reference('leakyRelu', dtype, { alpha: alphaValues[a]! }, slice);
      for (const m of bitMismatches(dtype, want, y.subarray(a * perAlpha, (a + 1) * perAlpha) as ReluTypedArray, 10 - mismatches.length)) {
        mismatches.push({ ...m, index: a * perAlpha + m.index, expected: `${m.expected} (alpha ${alphaValues[a]})` });
      }
    }
    return { checked: x.length, mismatches };
  },

  opUser: (op: 'relu' | 'relu6', dtype: DType, count: number, seed: number) => {
    const x = BYTES_PER_ELEMENT[dtype] <= 2 ? everyPattern(dtype) : randomBits(dtype, count, prng(seed));
    const y = fromWords(dtype, inUserShader(gl(), op, dtype, x), x.length);
    return { checked: x.length, mismatches: bitMismatches(dtype, reference(op, dtype, {}, x), y, 10) };
  },

  /** On the caller's own context: results exact, and the state the caller set is put back. */
  sharedContext: async () => {
    const context = gl();
    const scissorBefore = context.isEnabled(context.SCISSOR_TEST);
    context.enable(context.SCISSOR_TEST);
    context.scissor(0, 0, 1, 1);
    context.colorMask(true, false, true, false);
    context.pixelStorei(context.UNPACK_ALIGNMENT, 1);
    context.pixelStorei(context.PACK_ROW_LENGTH, 7);
    context.viewport(1, 2, 3, 4);
    const shared = await webglBackend({ gl: context });
    const x = randomBits('float32', 5000, prng(3));
    const y = await shared.run(x);
    const state = {
      scissor: context.isEnabled(context.SCISSOR_TEST),
      colorMask: context.getParameter(context.COLOR_WRITEMASK) as boolean[],
      unpackAlignment: context.getParameter(context.UNPACK_ALIGNMENT) as number,
      packRowLength: context.getParameter(context.PACK_ROW_LENGTH) as number,
      viewport: Array.from(context.getParameter(context.VIEWPORT) as Int32Array),
    };
    await shared.dispose();
    if (!scissorBefore) context.disable(context.SCISSOR_TEST);
    context.colorMask(true, true, true, true);
    context.pixelStorei(context.UNPACK_ALIGNMENT, 4);
    context.pixelStorei(context.PACK_ROW_LENGTH, 0);
    return { mismatches: bitMismatches('float32', reference('relu', 'float32', {}, x), y, 5), state };
  },

  float16Array: async () => {
    const Float16 = (globalThis as unknown as { Float16Array?: new (values: number[]) => ReluTypedArray }).Float16Array;
    if (!Float16) return null;
    const y = await (await backend()).run(new Float16([-1, 2, -0, Number.NaN, 0.5]));
    return { type: Object.prototype.toString.call(y), bits: Array.from(new Uint16Array(y.buffer, y.byteOffset, y.length)) };
  },

  runFail: async (what: string) => {
    const b = await backend();
    switch (what) {
      case 'leaky-int32':
        return b.run(new Int32Array(2), { op: 'leakyRelu' });
      case 'disposed': {
        const disposed = await webglBackend();
        await disposed.dispose();
        return disposed.run(new Float32Array(2));
      }
      case 'gl-and-canvas':
        return webglBackend({ gl: gl(), canvas: new OffscreenCanvas(1, 1) });
      case 'not-gl':
        return webglBackend({ gl: {} as WebGL2RenderingContext });
      case 'limits':
        return webglBackend({ limits: { maxTextureSize: 1e9 } });
      default:
        throw new Error(`no failure case ${what}`);
    }
  },

  /** WEBGL_lose_context under a backend: run must reject with ContextLostError, and a new backend works. */
  contextLoss: async () => {
    const lost = await webglBackend();
    const x = new Float32Array([-1, 1]);
    const before = Array.from(await lost.run(x));
    lost.gl.getExtension('WEBGL_lose_context')!.loseContext();
    const runError = await lost.run(x).then(
      () => null,
      (e: Error) => ({ name: e.name, message: e.message }),
    );
    await lost.dispose();
    const fresh = await webglBackend();
    const after = Array.from(await fresh.run(x));
    await fresh.dispose();
    return { before, runError, after };
  },

  sabotage: (what: 'no-webgl2' | 'no-offscreen-webgl2' | 'restore') => {
    const without = (original: typeof originalGetContext) =>
      function (this: unknown, id: string, ...rest: unknown[]) {
        return id === 'webgl2' ? null : (original as (...a: unknown[]) => unknown).call(this, id, ...rest);
      } as typeof originalGetContext;
    OffscreenCanvas.prototype.getContext = what === 'restore' ? originalGetContext : without(originalGetContext);
    HTMLCanvasElement.prototype.getContext = (what === 'no-webgl2' ? without(originalElementGetContext as never) : originalElementGetContext) as typeof HTMLCanvasElement.prototype.getContext;
  },
});

markReady();
