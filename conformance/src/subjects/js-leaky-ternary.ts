import { LEAKY_RELU, type ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../peer-backends/js-loop.js';

/** `x > 0 ? x : alpha * x` in a plain loop: the usual hand-written leaky ReLU. */
export default async function createLeakyTernarySubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-leaky-ternary', LEAKY_RELU, 'x > 0 ? x : alpha * x', (x, { alpha }) => (x > 0 ? x : alpha * x));
}
