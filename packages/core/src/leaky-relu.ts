import { applyBackward, applyForward } from './apply-op.js';
import type { ReluTypedArray } from './dtype.js';
import { LEAKY_RELU } from './ops/leaky-relu.js';

export interface LeakyReluOptions<T = ReluTypedArray> {
  /** The slope for x < 0 (default 0.01). Finite; float32 inputs use its float32 rounding, float64 the double itself. */
  alpha?: number;
  dtype?: 'float32' | 'float64' | 'float16' | 'bfloat16';
  out?: T;
}

/** Leaky ReLU as SPEC.md defines it: x < 0 gives alpha * x rounded once; every other x is returned bit for bit. */
export function leakyRelu(x: number, options?: LeakyReluOptions<never>): number;
export function leakyRelu(x: readonly number[], options?: LeakyReluOptions<number[]>): number[];
export function leakyRelu<T extends ReluTypedArray>(x: T, options?: LeakyReluOptions<T>): T;
export function leakyRelu(x: unknown, options?: unknown): unknown {
  return applyForward('leakyRelu', LEAKY_RELU, x, options);
}

/** The gradient of leaky ReLU (SPEC.md): dy where x > 0, alpha * dy where x <= 0, a NaN where x is NaN. */
export function leakyReluBackward(x: number, dy: number, options?: LeakyReluOptions<never>): number;
export function leakyReluBackward(x: readonly number[], dy: readonly number[], options?: LeakyReluOptions<number[]>): number[];
export function leakyReluBackward<T extends ReluTypedArray>(x: T, dy: T, options?: LeakyReluOptions<T>): T;
export function leakyReluBackward(x: unknown, dy: unknown, options?: unknown): unknown {
  return applyBackward('leakyReluBackward', LEAKY_RELU, x, dy, options);
}
