import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { tfjsBackend } from '../peer-backends/tfjs.js';

/** tfjs 'webgl' backend (GLSL shaders on WebGL2), a peer runtime; browser only. */
export default async function createTfjsWebglSubject(): Promise<ReluBackend> {
  return tfjsBackend(tf, { tfBackend: 'webgl', name: 'tfjs-webgl', readBack: 'async' });
}
