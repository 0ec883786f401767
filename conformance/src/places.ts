import { type GpuStack, type RemoteEnvironment } from '@relu/browser-harness';
import type { Place } from './scope.js';

/**
 * The facts rows record about where they ran (Node side): the environment, its engine and
 * version, the tier, and the GPU stack of each API, named the same way wherever it is seen so
 * that a deviation can be scoped to it ("gpus": ["SwiftShader"]).
 */

/** Software GPU stacks recognised in what the environment reports, per API; anything else is named as reported. */
const GPU_STACKS: readonly { readonly api: 'webgl' | 'webgpu'; readonly pattern: RegExp; readonly name: string }[] = [
  { api: 'webgl', pattern: /swiftshader/i, name: 'SwiftShader' },
  { api: 'webgl', pattern: /llvmpipe/i, name: 'llvmpipe' },
  { api: 'webgpu', pattern: /swiftshader/i, name: 'SwiftShader' },
  // Mesa's Vulkan on llvmpipe (Deno names it; Firefox names no adapter at all).
  { api: 'webgpu', pattern: /llvmpipe|lavapipe/i, name: 'lavapipe' },
];

/** The name of the stack behind one GPU API, or undefined when the environment has none. */
export function gpuStackName(api: 'webgl' | 'webgpu', gpu: GpuStack): string | undefined {
  if (api === 'webgl') {
    const webgl = gpu.webgl;
    if (!webgl.available) return undefined;
    return GPU_STACKS.find((s) => s.api === 'webgl' && s.pattern.test(webgl.renderer))?.name ?? (webgl.renderer || 'unnamed renderer');
  }
  const webgpu = gpu.webgpu;
  if (!webgpu.available) return undefined;
  const reported = [webgpu.vendor, webgpu.architecture, webgpu.description].join(' ');
  const known = GPU_STACKS.find((s) => s.api === 'webgpu' && s.pattern.test(reported));
  if (known) return known.name;
  if (webgpu.vendor || webgpu.architecture) return `${webgpu.vendor}/${webgpu.architecture}`;
  // Firefox names no vendor or architecture (privacy): say at least whether it is a fallback (software) adapter.
  return webgpu.fallbackAdapter ? 'unnamed fallback adapter' : 'unnamed adapter';
}

function gpusOf(gpu: GpuStack): Place['gpus'] {
  const webgl = gpuStackName('webgl', gpu);
  const webgpu = gpuStackName('webgpu', gpu);
  return { ...(webgl ? { webgl } : {}), ...(webgpu ? { webgpu } : {}) };
}

/** A guest's place, from what the harness and the guest itself reported. */
export function placeOf(environment: RemoteEnvironment): Place {
  return { environment: environment.name, engine: environment.engine, engineVersion: environment.engineVersion, tier: environment.tier, gpus: gpusOf(environment.gpu) };
}

/** The runtime this process is, under the name --runtimes uses for it ('node20'), or undefined for Bun and Deno. */
export function localEnvironmentName(): string | undefined {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.bun || versions.deno) return undefined;
  return `node${process.versions.node.split('.')[0]}`;
}

/** The suite's own process, where Node subjects run when it is the environment asked for (always optimized). */
export function localPlace(): Place {
  return { environment: localEnvironmentName() ?? 'this process', engine: 'V8', engineVersion: process.versions.v8, tier: 'optimized', gpus: {} };
}
