import { applyBackward } from './apply-op.js';
import type { ReluTypedArray } from './dtype.js';
import { RELU } from './ops/relu.js';
import type { ReluOptions } from './relu.js';

/**
 * The gradient of ReLU (SPEC.md section 2.3): dx = dy where x > 0, a NaN where x is NaN, and
 * +0 everywhere else, whatever dy holds there. x is the forward input, dy the upstream gradient.
 */
export function reluBackward(x: number, dy: number, options?: { dtype?: 'float64' }): number;
export function reluBackward(x: bigint, dy: bigint, options?: { dtype?: 'int64' }): bigint;
export function reluBackward(x: readonly number[], dy: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function reluBackward<T extends ReluTypedArray>(x: T, dy: T, options?: ReluOptions<T>): T;
export function reluBackward(x: unknown, dy: unknown, options?: unknown): unknown {
  return applyBackward('reluBackward', RELU, x, dy, options);
}
