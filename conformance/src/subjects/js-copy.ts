import { RELU, type ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../peer-backends/js-loop.js';

/**
 * `y[i] = x[i]`: no arithmetic at all. Not a ReLU (its profile declares every negative class
 * as returned unchanged); it is the baseline that shows which engines rewrite NaN bits on a
 * plain typed-array copy, in which tier.
 */
export default async function createCopySubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-copy', RELU, 'y[i] = x[i]', (x) => x);
}
