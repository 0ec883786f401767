import { describe, expect, it } from 'vitest';
import { benchGpu, gpuCaveat } from './environment.js';

/** The GPU stacks met on these machines (as the harness probes them) and how the bench classes them. */
const webgpu = (info: { vendor?: string; architecture?: string; description?: string; fallbackAdapter: boolean }) =>
  ({ available: true, vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: '', description: info.description ?? '', fallbackAdapter: info.fallbackAdapter, features: [] }) as const;
const webgl = (renderer: string) => ({ available: true, version: 'WebGL 2.0', vendor: '', renderer }) as const;
const absent = { available: false, reason: 'not here' } as const;

describe('benchGpu', () => {
  it('classes SwiftShader (Chromium) as a software rasteriser for both APIs', () => {
    const gpu = benchGpu({ webgpu: webgpu({ vendor: 'google', architecture: 'swiftshader', fallbackAdapter: true }), webgl: webgl('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)') });
    expect(gpu.webgpu).toEqual({ on: 'google / swiftshader', kind: 'software' });
    expect(gpu.webgl.kind).toBe('software');
  });

  it("classes Firefox's anonymous fallback adapter and its sanitized llvmpipe renderer as software", () => {
    const gpu = benchGpu({ webgpu: webgpu({ fallbackAdapter: true }), webgl: webgl('llvmpipe, or similar') });
    expect(gpu).toEqual({ webgpu: { on: 'fallback adapter', kind: 'software' }, webgl: { on: 'llvmpipe, or similar', kind: 'software' } });
  });

  it("says WebKit's 'Apple GPU' is masked, a named GPU is a GPU, and an absent API is none", () => {
    const gpu = benchGpu({ webgpu: absent, webgl: webgl('Apple GPU') });
    expect(gpu).toEqual({ webgpu: { on: 'none', kind: 'none' }, webgl: { on: 'Apple GPU', kind: 'masked' } });
    expect(benchGpu({ webgpu: webgpu({ vendor: 'nvidia', architecture: 'ampere', fallbackAdapter: false }), webgl: absent }).webgpu).toEqual({ on: 'nvidia / ampere', kind: 'gpu' });
  });

  it('gives a caveat for software and masked stacks only', () => {
    expect(gpuCaveat({ on: 'llvmpipe, or similar', kind: 'software' })).toMatch(/^software rasteriser \(llvmpipe, or similar\)/);
    expect(gpuCaveat({ on: 'Apple GPU', kind: 'masked' })).toMatch(/masks its renderer/);
    expect(gpuCaveat({ on: 'nvidia / ampere', kind: 'gpu' })).toBeUndefined();
  });
});
