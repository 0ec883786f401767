import { type DType, type OpName, type ReluTypedArray, prng, randomBits, resolveOp, sameTypeArray } from '@relu/core';
import { webglBackend } from './backend.js';
import { describeContext } from './context.js';
import { kernelsFor } from './gl-kernels.js';
import { kernelState } from './gl-state.js';
import { GLSL_OPS, type GlslOp } from './glsl/ops.js';
import { TEXEL_BYTES } from './layout.js';
import { planTextures } from './texture-plan.js';

export interface MeasureOptions {
  readonly dtype: DType;
  /** Elements; at most one texture's worth (64 MiB). */
  readonly length: number;
  /** Default 'relu'. */
  readonly op?: OpName;
  readonly attributes?: Readonly<Record<string, number>>;
  /** Measure on this context (default: a new one on an OffscreenCanvas). */
  readonly gl?: WebGL2RenderingContext;
  /** Rounds; each figure is the median. Default 7. */
  readonly rounds?: number;
}

/**
 * 'EXT_disjoint_timer_query_webgl2': GPU time of the draws. 'readPixels-sync': wall clock of the
 * draws and a one-texel readPixels that waits for them (what WebGL offers without the extension).
 */
export type WebGLTimingMethod = 'EXT_disjoint_timer_query_webgl2' | 'readPixels-sync';

export interface KernelVsCopyShader {
  readonly method: WebGLTimingMethod;
  readonly renderer: string;
  readonly dtype: DType;
  readonly op: OpName;
  readonly length: number;
  readonly bytes: number;
  /** Median milliseconds of one kernel draw over the texture. */
  readonly kernelMs: number;
  /** Median milliseconds of one draw of a shader that copies the same texels (texelFetch to the output). */
  readonly copyShaderMs: number;
  /** copyShaderMs / kernelMs: 1 = the op costs nothing beyond moving the texels, higher is faster. */
  readonly ratioToCopyShader: number;
  readonly iterations: number;
}

/** The copy shader's "op": the word itself. */
const COPY_OP: GlslOp = { source: 'uint copy_word(uint x) { return x; }', dtypes: ['float32'], functionName: () => 'copy_word', takesAttribute: false, attributeWords: () => [0, 0] };

/** The kernel draw against a copy shader over the same RGBA32UI texture, same context, same run; for the bench. */
export async function measureKernelVsCopy(options: MeasureOptions): Promise<KernelVsCopyShader> {
  const { dtype, length } = options;
  const op = resolveOp('measureKernelVsCopy', 'options.op', options.op);
  const attributes = op.checkAttributes('measureKernelVsCopy', 'options.attributes', options.attributes);
  const gl = options.gl ?? (new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext);
  const x = randomBits(dtype, length, prng(1)) as ReluTypedArray;
  const parts = planTextures(Math.max(x.byteLength, TEXEL_BYTES), gl.getParameter(gl.MAX_TEXTURE_SIZE) as number);
  if (parts.length > 1) throw new RangeError(`measureKernelVsCopy: options.length must fit one texture (64 MiB); got ${length} ${dtype} elements`);
  const { width, height } = parts[0]!;
  kernelState(gl);
  const kernels = kernelsFor(gl);
  const texture = (data?: Uint32Array): WebGLTexture => {
    const t = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, width, height);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    if (data) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, data);
    return t;
  };
  const words = new Uint32Array(width * height * 4);
  new Uint8Array(words.buffer).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  const input = texture(words);
  const output = texture();
  const framebuffer = gl.createFramebuffer()!;
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, output, 0);
  gl.bindTexture(gl.TEXTURE_2D, input);
  gl.viewport(0, 0, width, height);
  gl.bindVertexArray(kernels.vertexArray);
  const kernel = kernels.program(op.name, dtype);
  const copy = kernels.programFor('copy/float32', COPY_OP, 'float32');
  const attribute = GLSL_OPS[op.name].attributeWords(attributes, dtype);
  const timer = gl.getExtension('EXT_disjoint_timer_query_webgl2') as { TIME_ELAPSED_EXT: GLenum; GPU_DISJOINT_EXT: GLenum } | null;
  const iterations = Math.max(1, Math.min(64, Math.ceil(2 ** 24 / Math.max(x.byteLength, 1))));
  const pixel = new Uint32Array(4);
  const draws = async (program: typeof kernel): Promise<number> => {
    gl.useProgram(program.program);
    gl.uniform1i(program.texels, 0);
    gl.uniform2ui(program.attribute, attribute[0], attribute[1]);
    if (timer) {
      const query = gl.createQuery()!;
      gl.beginQuery(timer.TIME_ELAPSED_EXT, query);
      for (let i = 0; i < iterations; i++) gl.drawArrays(gl.TRIANGLES, 0, 3);
      gl.endQuery(timer.TIME_ELAPSED_EXT);
      while (!gl.getQueryParameter(query, gl.QUERY_RESULT_AVAILABLE)) await new Promise((r) => setTimeout(r, 1));
      const ns = gl.getQueryParameter(query, gl.QUERY_RESULT) as number;
      gl.deleteQuery(query);
      return ns / 1e6;
    }
    gl.readPixels(0, 0, 1, 1, gl.RGBA_INTEGER, gl.UNSIGNED_INT, pixel);
    const start = performance.now();
    for (let i = 0; i < iterations; i++) gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.readPixels(0, 0, 1, 1, gl.RGBA_INTEGER, gl.UNSIGNED_INT, pixel);
    return performance.now() - start;
  };
  try {
    await draws(kernel);
    await draws(copy);
    const kernelTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let round = 0; round < (options.rounds ?? 7); round++) {
      kernelTimes.push((await draws(kernel)) / iterations);
      copyTimes.push((await draws(copy)) / iterations);
    }
    const kernelMs = median(kernelTimes);
    const copyShaderMs = median(copyTimes);
    return {
      method: timer ? 'EXT_disjoint_timer_query_webgl2' : 'readPixels-sync',
      renderer: describeContext(gl).renderer!,
      dtype,
      op: op.name,
      length,
      bytes: x.byteLength,
      kernelMs,
      copyShaderMs,
      ratioToCopyShader: copyShaderMs / kernelMs,
      iterations,
    };
  } finally {
    gl.deleteTexture(input);
    gl.deleteTexture(output);
    gl.deleteFramebuffer(framebuffer);
  }
}

export interface RunVsRoundTrip {
  readonly renderer: string;
  readonly dtype: DType;
  readonly op: OpName;
  readonly length: number;
  /** Median milliseconds of webglBackend().run(x). */
  readonly runMs: number;
  /** Median milliseconds of uploading the same bytes to a texture and reading them back with readPixels into a new array, no draw. */
  readonly roundTripMs: number;
  /** roundTripMs / runMs: 1 = run() costs only the transfers, higher is faster. */
  readonly ratioToRoundTrip: number;
}

/** End to end: backend.run(x) against texSubImage2D + readPixels of the same bytes, interleaved per round. */
export async function measureRunVsRoundTrip(options: MeasureOptions): Promise<RunVsRoundTrip> {
  const { dtype, length } = options;
  const op = resolveOp('measureRunVsRoundTrip', 'options.op', options.op);
  const attributes = op.checkAttributes('measureRunVsRoundTrip', 'options.attributes', options.attributes);
  const backend = await webglBackend(options.gl ? { gl: options.gl } : {});
  const { gl } = backend;
  const x = randomBits(dtype, length, prng(2)) as ReluTypedArray;
  const parts = planTextures(Math.max(x.byteLength, TEXEL_BYTES), gl.getParameter(gl.MAX_TEXTURE_SIZE) as number);
  if (parts.length > 1) throw new RangeError(`measureRunVsRoundTrip: options.length must fit one texture (64 MiB); got ${length} ${dtype} elements`);
  const { width, height } = parts[0]!;
  const texture = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, width, height);
  const framebuffer = gl.createFramebuffer()!;
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  const staging = new Uint32Array(width * height * 4);
  const src = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  // The same steps as run() without the draw: stage, upload, read back, copy into a new array.
  const roundTrip = async (): Promise<ReluTypedArray> => {
    const y = sameTypeArray(x);
    new Uint8Array(staging.buffer).set(src);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.readPixels(0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
    new Uint8Array(y.buffer, y.byteOffset, y.byteLength).set(new Uint8Array(staging.buffer, 0, x.byteLength));
    return y;
  };
  const run = (): Promise<ReluTypedArray> => backend.run(x, { dtype, op: op.name, attributes });
  const calls = Math.max(1, Math.min(64, Math.ceil(2 ** 22 / Math.max(x.byteLength, 1))));
  const timed = async (f: () => Promise<unknown>): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await f();
    return (performance.now() - start) / calls;
  };
  try {
    await timed(run);
    await timed(roundTrip);
    const runs: number[] = [];
    const trips: number[] = [];
    for (let round = 0; round < (options.rounds ?? 7); round++) {
      runs.push(await timed(run));
      trips.push(await timed(roundTrip));
    }
    const runMs = median(runs);
    const roundTripMs = median(trips);
    return { renderer: String(backend.info.renderer), dtype, op: op.name, length, runMs, roundTripMs, ratioToRoundTrip: roundTripMs / runMs };
  } finally {
    gl.deleteTexture(texture);
    gl.deleteFramebuffer(framebuffer);
    await backend.dispose();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
