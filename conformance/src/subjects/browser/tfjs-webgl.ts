import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { tfjsReluBackend } from '../tfjs-backend.js';

/** tfjs 'webgl' backend (GLSL shaders on WebGL2), a peer runtime. */
export default async function createTfjsWebglSubject(): Promise<ReluBackend> {
  return tfjsReluBackend(tf, 'webgl', 'tfjs-webgl');
}
