import type { DType, OpName } from '@relu/core';
import { WebGLKernelError } from './errors.js';
import { VERTEX_SHADER, fragmentSource } from './glsl/kernel.js';
import { GLSL_OPS, type GlslOp } from './glsl/ops.js';

/** A linked kernel program and its uniform locations. */
export interface KernelProgram {
  readonly program: WebGLProgram;
  readonly texels: WebGLUniformLocation | null;
  readonly attribute: WebGLUniformLocation | null;
}

/** What this package keeps per context: programs compiled so far, and an empty vertex array. */
export interface GlKernels {
  program(op: OpName, dtype: DType): KernelProgram;
  /** A program from any GlslOp (the measurement's copy shader). */
  programFor(key: string, op: GlslOp, dtype: DType): KernelProgram;
  readonly vertexArray: WebGLVertexArrayObject;
}

const KERNELS = new WeakMap<WebGL2RenderingContext, GlKernels>();

export function kernelsFor(gl: WebGL2RenderingContext): GlKernels {
  let kernels = KERNELS.get(gl);
  if (!kernels) {
    kernels = createKernels(gl);
    KERNELS.set(gl, kernels);
  }
  return kernels;
}

function compile(gl: WebGL2RenderingContext, type: GLenum, source: string, what: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new WebGLKernelError(`createShader returned null for ${what} (is the context lost?)`);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    throw new WebGLKernelError(`${what} did not compile: ${log}`);
  }
  return shader;
}

function createKernels(gl: WebGL2RenderingContext): GlKernels {
  const vertexArray = gl.createVertexArray();
  if (!vertexArray) throw new WebGLKernelError('createVertexArray returned null (is the context lost?)');
  let vertex: WebGLShader | undefined;
  const programs = new Map<string, KernelProgram>();
  const programFor = (key: string, op: GlslOp, dtype: DType): KernelProgram => {
    let found = programs.get(key);
    if (found) return found;
    vertex ??= compile(gl, gl.VERTEX_SHADER, VERTEX_SHADER, 'the vertex shader');
    const fragment = compile(gl, gl.FRAGMENT_SHADER, fragmentSource(op, dtype), `the ${key} fragment shader`);
    const program = gl.createProgram();
    if (!program) throw new WebGLKernelError('createProgram returned null (is the context lost?)');
    gl.attachShader(program, vertex);
    gl.attachShader(program, fragment);
    gl.linkProgram(program);
    gl.deleteShader(fragment);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new WebGLKernelError(`the ${key} program did not link: ${gl.getProgramInfoLog(program)}`);
    found = { program, texels: gl.getUniformLocation(program, 'x_texels'), attribute: gl.getUniformLocation(program, 'op_attributes') };
    programs.set(key, found);
    return found;
  };
  return {
    vertexArray,
    programFor,
    program: (op, dtype) => programFor(`${op}/${dtype}`, GLSL_OPS[op], dtype),
  };
}
