import { EP_OPS } from './capabilities.js';
import { ExecutionProviderUnavailableError, asUnavailable } from './errors.js';
import { opModel } from './model.js';
import { sharedLockOf } from './mutex.js';
import type { OrtModuleLike, Runtime, RuntimeOptions, SessionRequest } from './runtime.js';
import { SELF_TEST_LENGTH, selfTest } from './self-test.js';

interface WebGlEnv {
  webgl: { contextId?: 'webgl' | 'webgl2'; context?: WebGLRenderingContext | WebGL2RenderingContext };
}

const EP = 'webgl';

interface GlFacts {
  readonly renderer: string;
  readonly maxTextureSize: number;
}

function glFacts(gl: WebGLRenderingContext | WebGL2RenderingContext): GlFacts {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) };
}

/** Probes for a WebGL2 context the way onnxruntime-web makes one (OffscreenCanvas, else a canvas). */
function probeWebGl2(): GlFacts {
  let gl: WebGL2RenderingContext | null = null;
  try {
    if (typeof OffscreenCanvas !== 'undefined') gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    else if (typeof document !== 'undefined') gl = document.createElement('canvas').getContext('webgl2');
    else throw new ExecutionProviderUnavailableError(EP, 'this environment has neither OffscreenCanvas nor document: no WebGL');
  } catch (error) {
    if (error instanceof ExecutionProviderUnavailableError) throw error;
    throw new ExecutionProviderUnavailableError(EP, `creating a WebGL2 context failed: ${(error as Error).message}`);
  }
  if (!gl) throw new ExecutionProviderUnavailableError(EP, 'no WebGL2 context (getContext("webgl2") returned null)');
  const facts = glFacts(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return facts;
}

/**
 * 'webgl': onnxruntime-web's WebGL backend (its onnxjs engine, loaded from the separate
 * 'onnxruntime-web/webgl' build, which carries no wasm) in a browser. WebGL2 only: onnxruntime-web
 * would otherwise fall back to WebGL1 silently. Its sessions need fixed input shapes, so the
 * backend makes one per length; one texture holds at most MAX_TEXTURE_SIZE^2 elements, so longer
 * inputs are split.
 */
export async function loadWebGlRuntime(loadOrt: () => Promise<OrtModuleLike>, _options: RuntimeOptions): Promise<Runtime> {
  const ort = await loadOrt();
  const env = ort.env as unknown as WebGlEnv;
  const existing = env.webgl.context;
  if (existing !== undefined && !(typeof WebGL2RenderingContext !== 'undefined' && existing instanceof WebGL2RenderingContext)) {
    throw new ExecutionProviderUnavailableError(EP, 'onnxruntime-web already runs on a WebGL1 context; this backend runs WebGL2 only');
  }
  const probed = probeWebGl2();
  const facts = existing ? glFacts(existing) : probed;
  if (env.webgl.contextId === undefined) env.webgl.contextId = 'webgl2';
  /** The op and dtype pairs whose kernel passed the self-test on this context. */
  const verified = new Set<string>();
  const create = (model: Uint8Array) =>
    ort.InferenceSession.create(model, { executionProviders: [EP] }).catch((error: unknown) => {
      throw asUnavailable(EP, error);
    });
  const checkContext = () => {
    const gl = env.webgl.context;
    if (!(gl && typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext)) {
      throw new ExecutionProviderUnavailableError(EP, `onnxruntime-web created the session on ${gl ? 'a WebGL1 context' : 'no WebGL context'}, not WebGL2`);
    }
  };
  return {
    executionProvider: EP,
    runtime: `onnxruntime-web ${ort.env.versions.web ?? '?'}`,
    ops: EP_OPS.webgl,
    fixedShape: true,
    info: { context: 'webgl2', renderer: facts.renderer, maxTextureSize: facts.maxTextureSize },
    sharedLock: sharedLockOf(ort),
    maxElementsPerRun: () => facts.maxTextureSize * facts.maxTextureSize,
    Tensor: ort.Tensor,
    async createSession(request: SessionRequest) {
      const { op, attributes, dtype } = request;
      const kernel = `${op.name} ${dtype}`;
      if (!verified.has(kernel)) {
        // Sessions are locked to one length here, so the self-test gets a session of its own.
        const probe = await create(opModel({ op, attributes, dtype, shape: [SELF_TEST_LENGTH] }));
        try {
          checkContext();
          await selfTest(ort, probe, EP, request);
        } finally {
          await probe.release();
        }
        verified.add(kernel);
      }
      const session = await create(request.model);
      checkContext();
      return session;
    },
  };
}
