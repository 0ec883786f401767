/**
 * Runs `fn` on a context the caller also draws with, and puts back every piece of state the
 * kernel changes: bindings, viewport, the tests and masks that would clip or block its draw, and
 * the pixel-store parameters that would reshape its uploads and reads.
 */
export function preservingState<T>(gl: WebGL2RenderingContext, fn: () => T): T {
  const enabled = [gl.SCISSOR_TEST, gl.CULL_FACE, gl.RASTERIZER_DISCARD, gl.DEPTH_TEST, gl.STENCIL_TEST, gl.BLEND, gl.DITHER].map((cap) => [cap, gl.isEnabled(cap)] as const);
  const pixelStore = [
    gl.UNPACK_ALIGNMENT,
    gl.UNPACK_ROW_LENGTH,
    gl.UNPACK_SKIP_ROWS,
    gl.UNPACK_SKIP_PIXELS,
    gl.UNPACK_IMAGE_HEIGHT,
    gl.UNPACK_SKIP_IMAGES,
    gl.UNPACK_FLIP_Y_WEBGL,
    gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL,
    gl.PACK_ALIGNMENT,
    gl.PACK_ROW_LENGTH,
    gl.PACK_SKIP_ROWS,
    gl.PACK_SKIP_PIXELS,
  ].map((name) => [name, gl.getParameter(name) as number | boolean] as const);
  const program = gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram | null;
  const vertexArray = gl.getParameter(gl.VERTEX_ARRAY_BINDING) as WebGLVertexArrayObject | null;
  const drawFramebuffer = gl.getParameter(gl.DRAW_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  const readFramebuffer = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
  const activeTexture = gl.getParameter(gl.ACTIVE_TEXTURE) as number;
  gl.activeTexture(gl.TEXTURE0);
  const texture = gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  const pack = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null;
  const unpack = gl.getParameter(gl.PIXEL_UNPACK_BUFFER_BINDING) as WebGLBuffer | null;
  const viewport = gl.getParameter(gl.VIEWPORT) as Int32Array;
  const colorMask = gl.getParameter(gl.COLOR_WRITEMASK) as boolean[];
  try {
    return fn();
  } finally {
    for (const [cap, on] of enabled) (on ? gl.enable : gl.disable).call(gl, cap);
    for (const [name, value] of pixelStore) gl.pixelStorei(name, value as number);
    gl.useProgram(program);
    gl.bindVertexArray(vertexArray);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, drawFramebuffer);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, readFramebuffer);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.activeTexture(activeTexture);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pack);
    gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, unpack);
    gl.viewport(viewport[0]!, viewport[1]!, viewport[2]!, viewport[3]!);
    gl.colorMask(colorMask[0]!, colorMask[1]!, colorMask[2]!, colorMask[3]!);
  }
}

/** The state the kernel's draw, uploads and reads need, whatever the caller left. */
export function kernelState(gl: WebGL2RenderingContext): void {
  for (const cap of [gl.SCISSOR_TEST, gl.CULL_FACE, gl.RASTERIZER_DISCARD, gl.DEPTH_TEST, gl.STENCIL_TEST, gl.BLEND]) gl.disable(cap);
  for (const name of [gl.UNPACK_ROW_LENGTH, gl.UNPACK_SKIP_ROWS, gl.UNPACK_SKIP_PIXELS, gl.UNPACK_IMAGE_HEIGHT, gl.UNPACK_SKIP_IMAGES, gl.PACK_ROW_LENGTH, gl.PACK_SKIP_ROWS, gl.PACK_SKIP_PIXELS]) {
    gl.pixelStorei(name, 0);
  }
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
  gl.pixelStorei(gl.PACK_ALIGNMENT, 4);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
  gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, null);
  gl.colorMask(true, true, true, true);
  gl.activeTexture(gl.TEXTURE0);
}
