import type { ReluBackend } from '@relu/core';
import { jsLoopBackend } from '../js-loop-backend.js';

/** `x > 0 ? x : 0` in a plain loop: the other usual hand-written ReLU. */
export default async function createTernarySubject(): Promise<ReluBackend> {
  return jsLoopBackend('js-ternary', 'x > 0 ? x : 0', (x) => (x > 0 ? x : 0));
}
