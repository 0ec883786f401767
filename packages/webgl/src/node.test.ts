import { describe, expect, it } from 'vitest';
import { GLSL_LEAKY_RELU, GLSL_RELU, GLSL_RELU6, WEBGL_OPS, WebGLUnavailableError, webglBackend } from './index.js';

describe('@relu/webgl outside a browser', () => {
  it('refuses to start without a canvas, saying so', async () => {
    const error = await webglBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGLUnavailableError);
    expect((error as Error).message).toMatch(/there is no OffscreenCanvas and no document/);
  });

  it('checks its options first', async () => {
    await expect(webglBackend({ canvas: {} as never })).rejects.toThrow(/options\.canvas must be an HTMLCanvasElement or OffscreenCanvas; got an object/);
    await expect(webglBackend({ context: 1 } as never)).rejects.toThrow(/unknown key "context"/);
  });

  it('exports one GLSL function per dtype the backend declares, for each op', () => {
    const texts = { relu: GLSL_RELU, relu6: GLSL_RELU6, leakyRelu: GLSL_LEAKY_RELU };
    const prefix = { relu: 'relu', relu6: 'relu6', leakyRelu: 'leaky_relu' };
    for (const [op, dtypes] of Object.entries(WEBGL_OPS) as [keyof typeof texts, string[]][]) {
      for (const dtype of dtypes) expect(texts[op]).toMatch(new RegExp(`\\b(uint|uvec2) ${prefix[op]}_${dtype}\\(`));
    }
    // Integer-only: no float type, float builtin or float literal anywhere in the kernels' text.
    for (const text of Object.values(texts)) expect(text).not.toMatch(/\bfloat\b|\bvec[234]\b|BitsTo|\d\.\d/);
  });
});
