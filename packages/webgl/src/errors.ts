/** No WebGL2 to run on (no canvas, no context, or a context without what the kernel needs). The message says why. */
export class WebGLUnavailableError extends Error {
  override readonly name = 'WebGLUnavailableError';
}

/**
 * The WebGL context was lost (WEBGL_lose_context, a GPU reset, too many contexts...). Every later
 * run rejects with this; a new backend (a new context) works.
 */
export class ContextLostError extends Error {
  override readonly name = 'ContextLostError';
  constructor(fn: string) {
    super(`${fn}: the WebGL2 context was lost; create a new backend (a new context) to run again`);
  }
}

/** The context refused the kernel: a shader that did not compile or link, an incomplete framebuffer, a GL error. */
export class WebGLKernelError extends Error {
  override readonly name = 'WebGLKernelError';
}
