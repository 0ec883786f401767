import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { tfjsReluBackend } from '../tfjs-backend.js';

/** tfjs 'cpu' backend (plain JS kernels), a peer runtime. */
export default async function createTfjsCpuSubject(): Promise<ReluBackend> {
  tf.env().set('IS_TEST', true); // silences tfjs's "install tfjs-node" banner
  return tfjsReluBackend(tf, 'cpu', 'tfjs-cpu');
}
