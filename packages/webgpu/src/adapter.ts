/// <reference types="@webgpu/types" />
import { WebGpuUnavailableError } from './errors.js';

/**
 * An adapter and a device from navigator.gpu, or WebGpuUnavailableError saying exactly which
 * step failed. The device gets the adapter's largest buffer and binding sizes (WebGPU's defaults
 * are 256 MiB and 128 MiB) so large tensors need fewer splits.
 */
export async function requestDevice(
  fn: string,
  powerPreference: GPUPowerPreference | undefined,
  /** Features to enable where the adapter has them. */
  optionalFeatures: readonly GPUFeatureName[] = [],
): Promise<{ adapter: GPUAdapter; device: GPUDevice }> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    throw new WebGpuUnavailableError(
      `${fn}: navigator.gpu is undefined: this environment has no WebGPU (it needs a secure context; Chromium on Linux needs --enable-unsafe-webgpu)`,
    );
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(powerPreference ? { powerPreference } : {});
  } catch (error) {
    throw new WebGpuUnavailableError(`${fn}: navigator.gpu.requestAdapter() failed: ${(error as Error).message}`);
  }
  if (!adapter) throw new WebGpuUnavailableError(`${fn}: navigator.gpu.requestAdapter() returned no adapter (WebGPU is blocked or there is no usable GPU)`);
  try {
    const device = await adapter.requestDevice({
      label: 'relu',
      requiredFeatures: optionalFeatures.filter((feature) => adapter.features.has(feature)),
      requiredLimits: {
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      },
    });
    return { adapter, device };
  } catch (error) {
    throw new WebGpuUnavailableError(`${fn}: adapter.requestDevice() failed: ${(error as Error).message}`);
  }
}

/** What info reports about the adapter that computes. */
export function describeAdapter(info: GPUAdapterInfo | undefined): Record<string, string | boolean> {
  return {
    runtime: 'WebGPU, integer WGSL kernels',
    adapter: `${info?.vendor || '?'}/${info?.architecture || '?'}`,
    adapterDescription: info?.description || info?.device || '',
    adapterFallback: (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ?? false,
  };
}
