import type { ReluBackend } from '@relu/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { tfjsReluBackend } from '../tfjs-backend.js';

/** tfjs 'wasm' backend (XNNPACK in WebAssembly), a peer runtime. */
export default async function createTfjsWasmSubject(): Promise<ReluBackend> {
  tf.env().set('IS_TEST', true);
  return tfjsReluBackend(tf, 'wasm', 'tfjs-wasm');
}
