import { RELU6, type ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../peer-backends/js-loop.js';

/** `Math.min(Math.max(x, 0), 6)` in a plain loop: the usual hand-written ReLU6. */
export default async function createClampSixSubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-clamp-6', RELU6, 'Math.min(Math.max(x, 0), 6)', (x) => Math.min(Math.max(x, 0), 6));
}
