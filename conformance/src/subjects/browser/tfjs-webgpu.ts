import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { tfjsReluBackend } from '../tfjs-backend.js';

/** tfjs 'webgpu' backend (WGSL compute shaders), a peer runtime. */
export default async function createTfjsWebgpuSubject(): Promise<ReluBackend> {
  if (!(await navigator.gpu?.requestAdapter())) throw new Error('tfjs-webgpu: this browser has no WebGPU adapter');
  return tfjsReluBackend(tf, 'webgpu', 'tfjs-webgpu');
}
