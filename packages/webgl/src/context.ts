import { argumentRangeError, argumentTypeError, checkOptions, describeValue } from '@relu/core';
import { WebGLUnavailableError } from './errors.js';

export interface WebGLBackendOptions {
  /** Create the context on this canvas (default: a new 1 x 1 OffscreenCanvas, or a <canvas> where that has no WebGL2). */
  readonly canvas?: HTMLCanvasElement | OffscreenCanvas;
  /** Run on this WebGL2 context, shared with your own drawing: every state the kernel changes is put back. */
  readonly gl?: WebGL2RenderingContext;
  /** getContext's powerPreference when the backend creates the context. */
  readonly powerPreference?: WebGLPowerPreference;
  /** A smaller MAX_TEXTURE_SIZE than the context's, to bound each texture (at least 1). */
  readonly limits?: { readonly maxTextureSize?: number };
}

export interface AcquiredContext {
  readonly gl: WebGL2RenderingContext;
  /** The backend created the context (and may lose it on dispose). */
  readonly owned: boolean;
  readonly maxTextureSize: number;
}

const OPTION_KEYS = ['canvas', 'gl', 'powerPreference', 'limits'] as const;
const POWER_PREFERENCES: readonly string[] = ['default', 'low-power', 'high-performance'];

const isWebGL2 = (value: unknown): value is WebGL2RenderingContext =>
  typeof WebGL2RenderingContext === 'function' ? value instanceof WebGL2RenderingContext : typeof (value as WebGL2RenderingContext | null)?.texStorage2D === 'function';

/** The context a backend runs on, from the options, or WebGLUnavailableError saying why there is none. */
export function acquireContext(fn: string, options: unknown): AcquiredContext {
  const opts = checkOptions(fn, options, OPTION_KEYS);
  if (opts.gl !== undefined && opts.canvas !== undefined) {
    throw new TypeError(`${fn}: options.gl and options.canvas exclude each other (the context already has its canvas); pass one`);
  }
  if (opts.powerPreference !== undefined && !POWER_PREFERENCES.includes(opts.powerPreference as string)) {
    throw argumentRangeError(fn, 'options.powerPreference', "'default', 'low-power' or 'high-performance'", describeValue(opts.powerPreference));
  }
  let gl: WebGL2RenderingContext;
  let owned = false;
  if (opts.gl !== undefined) {
    if (!isWebGL2(opts.gl)) throw argumentTypeError(fn, 'options.gl', 'a WebGL2RenderingContext', opts.gl);
    gl = opts.gl;
  } else {
    const attributes: WebGLContextAttributes = {
      alpha: false,
      antialias: false,
      depth: false,
      stencil: false,
      preserveDrawingBuffer: false,
      powerPreference: (opts.powerPreference as WebGLPowerPreference | undefined) ?? 'default',
    };
    let context: WebGL2RenderingContext | null = null;
    if (opts.canvas !== undefined) {
      const isCanvas = typeof (opts.canvas as HTMLCanvasElement | null)?.getContext === 'function';
      if (!isCanvas) throw argumentTypeError(fn, 'options.canvas', 'an HTMLCanvasElement or OffscreenCanvas', opts.canvas);
      context = (opts.canvas as OffscreenCanvas).getContext('webgl2', attributes) as WebGL2RenderingContext | null;
    } else {
      // An OffscreenCanvas first; a canvas element where the OffscreenCanvas has no WebGL2
      // (WebKitGTK 2.50 has OffscreenCanvas, but WebGL2 only on a canvas element).
      for (const canvas of defaultCanvases(fn)) {
        context = canvas.getContext('webgl2', attributes) as WebGL2RenderingContext | null;
        if (context) break;
      }
    }
    if (!context) throw new WebGLUnavailableError(`${fn}: getContext('webgl2') returned null: this browser or GPU has no WebGL2 (or the canvas already has another kind of context)`);
    gl = context as WebGL2RenderingContext;
    owned = true;
  }
  if (gl.isContextLost()) throw new WebGLUnavailableError(`${fn}: the WebGL2 context is lost`);
  const deviceMax = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  const limits = checkOptions(fn, opts.limits, ['maxTextureSize'] as const, 'options.limits');
  let maxTextureSize = deviceMax;
  if (limits.maxTextureSize !== undefined) {
    const v = limits.maxTextureSize;
    if (typeof v !== 'number') throw argumentTypeError(fn, 'options.limits.maxTextureSize', 'an integer', v);
    if (!Number.isSafeInteger(v) || v < 1 || v > deviceMax) throw argumentRangeError(fn, 'options.limits.maxTextureSize', `an integer from 1 to the context's ${deviceMax}`, describeValue(v));
    maxTextureSize = v;
  }
  return { gl, owned, maxTextureSize };
}

/** The canvases a context is tried on when the caller gives none: an OffscreenCanvas, then a canvas element. */
function* defaultCanvases(fn: string): Generator<OffscreenCanvas | HTMLCanvasElement> {
  const hasOffscreen = typeof OffscreenCanvas === 'function';
  const hasDocument = typeof document !== 'undefined';
  if (!hasOffscreen && !hasDocument) throw new WebGLUnavailableError(`${fn}: there is no OffscreenCanvas and no document to make a canvas in (pass options.canvas or options.gl)`);
  if (hasOffscreen) yield new OffscreenCanvas(1, 1);
  if (hasDocument) yield document.createElement('canvas');
}

/** What info reports about the context. */
export function describeContext(gl: WebGL2RenderingContext): Record<string, string> {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    runtime: 'WebGL2, integer textures',
    context: 'webgl2',
    renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    vendor: String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
  };
}
