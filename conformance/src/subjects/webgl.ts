import type { ReluBackend } from '@relu/core';
import { type WebGLBackendOptions, webglBackend } from '@relu/webgl';

/** @relu/webgl in a page: integer textures, never a float sample, upload + draw + read back per run(). */
export default async function createWebGLSubject(options: unknown): Promise<ReluBackend> {
  return webglBackend(options as WebGLBackendOptions | undefined);
}
