import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { tfjsBackend } from '../peer-backends/tfjs.js';

/** tfjs 'wasm' backend (XNNPACK in WebAssembly), a peer runtime. */
export default async function createTfjsWasmSubject(): Promise<ReluBackend> {
  tf.env().set('IS_TEST', true);
  return tfjsBackend(tf, { tfBackend: 'wasm', name: 'tfjs-wasm', readBack: 'sync' });
}
