import { describe, expect, it } from 'vitest';
import { WEBGPU_OPS, WGSL_LEAKY_RELU, WGSL_RELU, WGSL_RELU6, WebGpuUnavailableError, webgpuBackend } from './index.js';

describe('@relu/webgpu outside a browser', () => {
  it('refuses to start without navigator.gpu, saying so, instead of falling back', async () => {
    const error = await webgpuBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuUnavailableError);
    expect((error as Error).message).toMatch(/^webgpuBackend: navigator\.gpu is undefined/);
  });

  it('checks its options before looking for an adapter', async () => {
    await expect(webgpuBackend({ powerPreference: 'fastest' as never })).rejects.toThrow(/options\.powerPreference must be 'low-power' or 'high-performance'; got a string "fastest"/);
    await expect(webgpuBackend({ adapter: 1 } as never)).rejects.toThrow(/unknown key "adapter"/);
  });

  it('exports one WGSL function per dtype the backend declares, for each op', () => {
    const texts = { relu: WGSL_RELU, relu6: WGSL_RELU6, leakyRelu: WGSL_LEAKY_RELU };
    const prefix = { relu: 'relu', relu6: 'relu6', leakyRelu: 'leaky_relu' };
    for (const [op, dtypes] of Object.entries(WEBGPU_OPS) as [keyof typeof texts, string[]][]) {
      for (const dtype of dtypes) expect(texts[op]).toMatch(new RegExp(`\\bfn ${prefix[op]}_${dtype}\\(`));
    }
    // Integer-only: no float type or float builtin anywhere in the kernels' text.
    for (const text of Object.values(texts)) expect(text).not.toMatch(/\bf32\b|\bf16\b|bitcast<f|\d\.\d/);
  });
});
