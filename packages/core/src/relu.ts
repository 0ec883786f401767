import { applyForward } from './apply-op.js';
import type { DType, ReluTypedArray } from './dtype.js';
import { RELU } from './ops/relu.js';

export { reluInto } from './ops/relu.js';

export interface ReluOptions<T = ReluTypedArray> {
  /** The dtype of x. Required for a Uint16Array of 16-bit float bits; otherwise it must match x. */
  dtype?: DType;
  /** Write the result here instead of a new array: same type and length as x; `out === x` is in place. */
  out?: T;
}

/**
 * ReLU as SPEC.md defines it: x > 0 gives x bit for bit; -0, negatives and -Inf give +0; a NaN
 * gives a NaN. Returns a new value of the same kind as x, or fills `options.out`.
 */
export function relu(x: number, options?: { dtype?: 'float64' }): number;
export function relu(x: bigint, options?: { dtype?: 'int64' }): bigint;
export function relu(x: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function relu<T extends ReluTypedArray>(x: T, options?: ReluOptions<T>): T;
export function relu(x: unknown, options?: unknown): unknown {
  return applyForward('relu', RELU, x, options);
}
