import type { ReluBackend } from '@relu/core';
import { type WebGpuBackendOptions, webgpuBackend } from '@relu/webgpu';

/** @relu/webgpu in a page: integer kernels on the bits, upload + compute + read back per run(). */
export default async function createWebGpuSubject(options: unknown): Promise<ReluBackend> {
  return webgpuBackend(options as WebGpuBackendOptions | undefined);
}
