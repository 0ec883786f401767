import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { tfjsBackend } from '../peer-backends/tfjs.js';

/** tfjs 'cpu' backend (plain JS kernels), a peer runtime. */
export default async function createTfjsCpuSubject(): Promise<ReluBackend> {
  tf.env().set('IS_TEST', true); // silences tfjs's "install tfjs-node" banner
  return tfjsBackend(tf, { tfBackend: 'cpu', name: 'tfjs-cpu', readBack: 'sync' });
}
