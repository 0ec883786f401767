import { applyBackward, applyForward } from './apply-op.js';
import type { ReluTypedArray } from './dtype.js';
import { RELU6 } from './ops/relu6.js';
import type { ReluOptions } from './relu.js';

/** ReLU6 as SPEC.md defines it: min(max(x, 0), 6); -0 gives +0, a NaN gives a NaN, integers are clamped to [0, 6]. */
export function relu6(x: number, options?: { dtype?: 'float64' }): number;
export function relu6(x: bigint, options?: { dtype?: 'int64' }): bigint;
export function relu6(x: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function relu6<T extends ReluTypedArray>(x: T, options?: ReluOptions<T>): T;
export function relu6(x: unknown, options?: unknown): unknown {
  return applyForward('relu6', RELU6, x, options);
}

/** The gradient of ReLU6 (SPEC.md): dy where 0 < x < 6, a NaN where x is NaN, +0 elsewhere (both kinks included). */
export function relu6Backward(x: number, dy: number, options?: { dtype?: 'float64' }): number;
export function relu6Backward(x: bigint, dy: bigint, options?: { dtype?: 'int64' }): bigint;
export function relu6Backward(x: readonly number[], dy: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function relu6Backward<T extends ReluTypedArray>(x: T, dy: T, options?: ReluOptions<T>): T;
export function relu6Backward(x: unknown, dy: unknown, options?: unknown): unknown {
  return applyBackward('relu6Backward', RELU6, x, dy, options);
}
