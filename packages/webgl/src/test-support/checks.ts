/**
 * The browser checks, run inside the page against @relu/core there, so that only summaries
 * cross back to Node.
 */
import { BYTES_PER_ELEMENT, type BitMismatch, DTYPE_ARRAY_CONSTRUCTORS, type DType, OPS, type OpName, type ReluBackend, type ReluTypedArray, bitMismatches, everyPattern, prng, randomBits } from '@relu/core';
import { GLSL_OPS } from '../glsl/ops.js';

export interface Verdict {
  readonly checked: number;
  readonly mismatches: readonly (BitMismatch & { readonly where?: string })[];
}

export function reference(op: OpName, dtype: DType, attributes: Record<string, number>, x: ReluTypedArray): ReluTypedArray {
  const descriptor = OPS[op];
  const y = new DTYPE_ARRAY_CONSTRUCTORS[dtype](x.length) as ReluTypedArray;
  descriptor.forward(dtype, descriptor.checkAttributes('test', 'attributes', attributes) as never, x, y);
  return y;
}

/** Every pattern (8- and 16-bit dtypes) or `count` random patterns through backend.run(). */
export async function sweepBackend(backend: ReluBackend, op: OpName, dtype: DType, attributes: Record<string, number>, count: number, seed: number): Promise<Verdict> {
  const x = BYTES_PER_ELEMENT[dtype] <= 2 ? everyPattern(dtype) : randomBits(dtype, count, prng(seed));
  const y = await backend.run(x, { dtype, op, attributes });
  return { checked: x.length, mismatches: bitMismatches(dtype, reference(op, dtype, attributes, x), y, 10) };
}

/** Every length 0..maxLength, each as a view at a different element offset, through backend.run(). */
export async function lengthsThroughRun(backend: ReluBackend, op: OpName, dtype: DType, attributes: Record<string, number>, maxLength: number, seed: number): Promise<Verdict> {
  const random = prng(seed);
  const mismatches: (BitMismatch & { where: string })[] = [];
  for (let length = 0; length <= maxLength; length++) {
    const offset = length % 5;
    const whole = randomBits(dtype, offset + length + 3, random);
    const x = whole.subarray(offset, offset + length) as ReluTypedArray;
    const before = whole.slice();
    const y = await backend.run(x, { dtype, op, attributes });
    if (y.length !== length) mismatches.push({ index: -1, expected: `length ${length}`, actual: `length ${y.length}`, where: `length ${length}` });
    for (const m of bitMismatches(dtype, reference(op, dtype, attributes, x), y, 3)) mismatches.push({ ...m, where: `length ${length}, view offset ${offset}` });
    for (const m of bitMismatches(dtype, before, whole, 1)) mismatches.push({ ...m, where: `input modified, length ${length}` });
  }
  return { checked: maxLength + 1, mismatches };
}

/**
 * A user's own fragment shader that pastes the exported GLSL and applies `<op>_<dtype>` to one
 * element per word (two words for 64-bit), with a per-element attribute from a second texture
 * laid out like x (leakyRelu's alpha bits: a word, or a (low, high) pair for float64): draws into an RGBA32UI target and reads it back.
 */
export function inUserShader(gl: WebGL2RenderingContext, op: OpName, dtype: DType, x: ReluTypedArray, alphaBits?: Uint32Array): Uint32Array {
  const bytes = BYTES_PER_ELEMENT[dtype];
  const fn = GLSL_OPS[op].functionName(dtype);
  const call = (v: string, a: string): string => (alphaBits ? `${fn}(${v}, ${a})` : `${fn}(${v})`);
  const body =
    bytes === 8
      ? `y = uvec4(${call('x.xy', 'a.xy')}, ${call('x.zw', 'a.zw')});`
      : `y = uvec4(${call('x.x', 'a.x')}, ${call('x.y', 'a.y')}, ${call('x.z', 'a.z')}, ${call('x.w', 'a.w')});`;
  const fragment = `#version 300 es
precision highp int;
precision highp usampler2D;
uniform usampler2D xs;
uniform usampler2D alphas;
out uvec4 y;
${GLSL_OPS[op].source}
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  uvec4 x = texelFetch(xs, p, 0);
  uvec4 a = texelFetch(alphas, p, 0);
  ${body}
}`;
  const vertex = `#version 300 es
void main() { gl_Position = vec4(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0, 0.0, 1.0); }`;
  const Unsigned = bytes === 1 ? Uint8Array : Uint16Array;
  const words = bytes < 4 ? Uint32Array.from(new Unsigned(x.buffer as ArrayBuffer, x.byteOffset, x.length)) : new Uint32Array((x.buffer as ArrayBuffer).slice(x.byteOffset, x.byteOffset + x.byteLength));
  const width = 2048;
  const height = Math.ceil(words.length / 4 / width);
  const texelWords = width * height * 4;
  const program = linked(gl, vertex, fragment);
  const texture = (data: Uint32Array, unit: number): WebGLTexture => {
    const t = gl.createTexture()!;
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, width, height);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    const padded = new Uint32Array(texelWords);
    padded.set(data);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, padded);
    return t;
  };
  const xs = texture(words, 0);
  const alphas = texture(alphaBits ?? new Uint32Array(0), 1);
  const target = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE2);
  gl.bindTexture(gl.TEXTURE_2D, target);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, width, height);
  const framebuffer = gl.createFramebuffer()!;
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
  gl.useProgram(program);
  gl.uniform1i(gl.getUniformLocation(program, 'xs'), 0);
  gl.uniform1i(gl.getUniformLocation(program, 'alphas'), 1);
  gl.viewport(0, 0, width, height);
  gl.bindVertexArray(gl.createVertexArray());
  gl.drawArrays(gl.TRIANGLES, 0, 3);
  const out = new Uint32Array(texelWords);
  gl.readPixels(0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, out);
  const error = gl.getError();
  if (error) throw new Error(`GL error 0x${error.toString(16)}`);
  [xs, alphas, target].forEach((t) => gl.deleteTexture(t));
  gl.deleteFramebuffer(framebuffer);
  gl.deleteProgram(program);
  return out.subarray(0, words.length);
}

function linked(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram()!;
  for (const [type, source] of [[gl.VERTEX_SHADER, vertex], [gl.FRAGMENT_SHADER, fragment]] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`the user shader did not compile: ${gl.getShaderInfoLog(shader)}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`the user shader did not link: ${gl.getProgramInfoLog(program)}`);
  return program;
}

/** The user shader's words back as the dtype's array (16- and 8-bit elements from the words' low bits). */
export function fromWords(dtype: DType, words: Uint32Array, length: number): ReluTypedArray {
  const bytes = BYTES_PER_ELEMENT[dtype];
  const buffer = bytes === 1 ? Uint8Array.from(words).buffer : bytes === 2 ? Uint16Array.from(words).buffer : words.slice().buffer;
  return new (DTYPE_ARRAY_CONSTRUCTORS[dtype] as unknown as new (b: ArrayBufferLike, o: number, n: number) => ReluTypedArray)(buffer, 0, length);
}

/** What backend.run() did with inputs that lie about themselves (issue 12): results, or the errors' names and messages. */
export interface HostileResults {
  /** relu6 of a Float32Array subclass whose length, buffer, byteLength and byteOffset getters lie. */
  readonly liar: { readonly plain: boolean; readonly values: readonly number[] };
  /** An Int32Array whose Symbol.toStringTag claims Float32Array. */
  readonly posing: string;
  /** A view out of bounds of its shrunk resizable buffer. */
  readonly shrunk: string;
  /** relu of [-1, 2, 3] when the caller overwrites x while the run is pending. */
  readonly written: readonly number[];
}

export async function hostileInputs(backend: ReluBackend): Promise<HostileResults> {
  class Liar extends Float32Array {
    override get length(): number {
      return 1;
    }
    override get buffer(): ArrayBuffer {
      return new ArrayBuffer(4);
    }
    override get byteLength(): number {
      return 4;
    }
    override get byteOffset(): number {
      return 0;
    }
  }
  const outcome = (x: unknown): Promise<string> =>
    backend.run(x as ReluTypedArray).then(
      () => 'no error',
      (error: Error) => `${error.name}: ${error.message}`,
    );
  const y = await backend.run(new Liar([-4, 2, 9]), { op: 'relu6' });
  const posing = Object.defineProperty(new Int32Array([-1, 7]), Symbol.toStringTag, { value: 'Float32Array' });
  const buffer = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 16 });
  const shrunk = new Float32Array(buffer, 8, 2);
  buffer.resize(4);
  const x = new Float32Array([-1, 2, 3]);
  const pending = backend.run(x);
  x.fill(-9);
  return { liar: { plain: Object.getPrototypeOf(y) === Float32Array.prototype, values: [...y] }, posing: await outcome(posing), shrunk: await outcome(shrunk), written: [...(await pending)] };
}
