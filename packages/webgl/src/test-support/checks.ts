/**
 * The browser checks, run inside the page against @relu/core there, so that only summaries
 * cross back to Node.
 */
import { BYTES_PER_ELEMENT, DTYPE_ARRAY_CONSTRUCTORS, type DType, type OpName, type ReluTypedArray } from '@relu/core';
import { GLSL_OPS } from '../glsl/ops.js';

export { type HostileResults, type Verdict, hostileInputs, lengthsThroughRun, reference, sweepBackend } from '@relu/browser-harness/backend-checks';

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
