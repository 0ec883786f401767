import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { tfjsBackend } from '../peer-backends/tfjs.js';

/** tfjs 'webgpu' backend (WGSL compute shaders), a peer runtime; browser only. */
export default async function createTfjsWebgpuSubject(): Promise<ReluBackend> {
  if (!(await navigator.gpu?.requestAdapter())) throw new Error('tfjs-webgpu: this browser has no WebGPU adapter');
  return tfjsBackend(tf, { tfBackend: 'webgpu', name: 'tfjs-webgpu', readBack: 'async' });
}
