import { RELU, type ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../peer-backends/js-loop.js';

/** `Math.max(0, x)` in a plain loop: the usual hand-written ReLU. */
export default async function createMathMaxSubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-math-max', RELU, 'Math.max(0, x)', (x) => Math.max(0, x));
}
