import { RELU, type ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../peer-backends/js-loop.js';

/** `x > 0 ? x : 0` in a plain loop: the other usual hand-written ReLU. */
export default async function createTernarySubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-ternary', RELU, 'x > 0 ? x : 0', (x) => (x > 0 ? x : 0));
}
