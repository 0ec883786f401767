import {
  BackendDisposedError,
  DTYPES,
  type DType,
  type ReluBackend,
  type ReluTypedArray,
  type RunOptions,
  checkRun,
  intrinsicView,
} from '@relu/core';
import { type WebGLBackendOptions, acquireContext, describeContext } from './context.js';
import { ContextLostError, WebGLKernelError } from './errors.js';
import { type GlKernels, type KernelProgram, kernelsFor } from './gl-kernels.js';
import { kernelState, preservingState } from './gl-state.js';
import { type AttributeWords, GLSL_OPS, WEBGL_OPS } from './glsl/ops.js';
import { TEXEL_BYTES } from './layout.js';
import { type TexturePart, planTextures } from './texture-plan.js';

export type { WebGLBackendOptions };

/** A ReluBackend on WebGL2; `gl` is the context it draws with. */
export interface WebGLBackend extends ReluBackend {
  readonly gl: WebGL2RenderingContext;
  readonly info: Readonly<Record<string, string | number | boolean>>;
}

const NAME = 'webgl';

/**
 * A ReluBackend that uploads x into an RGBA32UI texture, draws the kernel into an RGBA32UI
 * framebuffer and reads it back with readPixels: bit-exact to @relu/core for every op and dtype in
 * `ops`. Rejects with WebGLUnavailableError when there is no WebGL2.
 */
export async function webglBackend(options?: WebGLBackendOptions): Promise<WebGLBackend> {
  const { gl, owned, maxTextureSize } = acquireContext('webglBackend', options);
  return new WebGLReluBackend(gl, owned, maxTextureSize, {
    ...describeContext(gl),
    maxTextureSize,
    contextMaxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    ownContext: owned,
  });
}

/** The textures of one size and the framebuffer that writes the output one. */
interface Targets {
  readonly width: number;
  readonly height: number;
  readonly input: WebGLTexture;
  readonly output: WebGLTexture;
  readonly framebuffer: WebGLFramebuffer;
}

/** The bytes of a plain array this package made (never a caller's: its buffer getter could lie). */
const bytesOf = (array: ReluTypedArray): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

class WebGLReluBackend implements WebGLBackend {
  readonly name = NAME;
  readonly dtypes = DTYPES;
  readonly ops = WEBGL_OPS;
  readonly #kernels: GlKernels;
  #disposed = false;
  #lost = false;
  #targets: Targets | undefined;
  #staging = new Uint32Array(0);

  constructor(
    readonly gl: WebGL2RenderingContext,
    private readonly owned: boolean,
    private readonly maxTextureSize: number,
    readonly info: Readonly<Record<string, string | number | boolean>>,
  ) {
    this.#kernels = kernelsFor(gl);
    // Not restored: a lost context stays lost for this backend; a new backend gets a new one.
    (gl.canvas as EventTarget).addEventListener('webglcontextlost', () => {
      this.#lost = true;
    });
  }

  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    if (this.#disposed) throw new BackendDisposedError(NAME);
    // x's kind and length from its internal slots: a subclass's length or buffer cannot redirect the reads.
    const { dtype, op, attributes, kind, length } = checkRun(NAME, this.ops, x, options);
    this.#throwIfLost();
    const y = new kind.Constructor(length) as T;
    if (length === 0) return y;
    // Read in full before run() returns its promise: the draws below are synchronous.
    const src = bytesOf(intrinsicView(kind, x, length));
    const dst = bytesOf(y);
    const compute = (): void => {
      kernelState(this.gl);
      const program = this.#kernels.program(op.name, dtype);
      const attribute = GLSL_OPS[op.name].attributeWords(attributes, dtype);
      for (const part of planTextures(src.byteLength, this.maxTextureSize)) this.#computePart(dtype, program, attribute, part, src, dst);
    };
    if (this.owned) compute();
    else preservingState(this.gl, compute);
    return y;
  }

  #computePart(dtype: DType, kernel: KernelProgram, attribute: AttributeWords, part: TexturePart, src: Uint8Array, dst: Uint8Array): void {
    const { gl } = this;
    const { width, height } = part;
    const targets = this.#targetsFor(width, height);
    const words = width * height * (TEXEL_BYTES / 4);
    if (this.#staging.length < words) this.#staging = new Uint32Array(words);
    const staging = this.#staging.subarray(0, words);
    new Uint8Array(staging.buffer, 0, part.byteLength).set(src.subarray(part.byteOffset, part.byteOffset + part.byteLength));
    gl.bindTexture(gl.TEXTURE_2D, targets.input);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
    gl.useProgram(kernel.program);
    gl.uniform1i(kernel.texels, 0);
    gl.uniform2ui(kernel.attribute, attribute[0], attribute[1]);
    gl.bindFramebuffer(gl.FRAMEBUFFER, targets.framebuffer);
    gl.viewport(0, 0, width, height);
    gl.bindVertexArray(this.#kernels.vertexArray);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.readPixels(0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
    const error = gl.getError();
    this.#throwIfLost();
    if (error !== gl.NO_ERROR) throw new WebGLKernelError(`${NAME}.run: the ${dtype} kernel failed with GL error 0x${error.toString(16)}`);
    dst.set(new Uint8Array(staging.buffer, 0, part.byteLength), part.byteOffset);
  }

  /** Input and output textures of at least width x height, grown (never shrunk) as runs need. */
  #targetsFor(width: number, height: number): Targets {
    const current = this.#targets;
    if (current && current.width >= width && current.height >= height) return current;
    const { gl } = this;
    const w = Math.max(width, current?.width ?? 0);
    const h = Math.max(height, current?.height ?? 0);
    this.#releaseTargets();
    const texture = (): WebGLTexture => {
      const t = gl.createTexture();
      if (!t) throw new WebGLKernelError(`${NAME}.run: createTexture returned null`);
      gl.bindTexture(gl.TEXTURE_2D, t);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, w, h);
      // Integer textures are incomplete (texelFetch reads zero) with a mipmap minification filter.
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      return t;
    };
    const input = texture();
    const output = texture();
    const framebuffer = gl.createFramebuffer();
    if (!framebuffer) throw new WebGLKernelError(`${NAME}.run: createFramebuffer returned null`);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, output, 0);
    const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
    if (status !== gl.FRAMEBUFFER_COMPLETE) {
      this.#throwIfLost();
      throw new WebGLKernelError(`${NAME}.run: an RGBA32UI framebuffer of ${w} x ${h} is incomplete (status 0x${status.toString(16)})`);
    }
    this.#targets = { width: w, height: h, input, output, framebuffer };
    return this.#targets;
  }

  #releaseTargets(): void {
    const t = this.#targets;
    if (!t) return;
    this.gl.deleteTexture(t.input);
    this.gl.deleteTexture(t.output);
    this.gl.deleteFramebuffer(t.framebuffer);
    this.#targets = undefined;
  }

  #throwIfLost(): void {
    if (this.#lost || this.gl.isContextLost()) {
      this.#lost = true;
      throw new ContextLostError(`${NAME}.run`);
    }
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.gl.isContextLost()) this.#releaseTargets();
    this.#staging = new Uint32Array(0);
  }
}
