import type { DType, ReluTypedArray } from './dtype.js';
import { reluFloat16Bits, FLOAT16_NEGATIVE_INFINITY, BFLOAT16_NEGATIVE_INFINITY } from './kernels/relu-float16-bits.js';
import { reluFloat32Bits } from './kernels/relu-float32.js';
import { reluFloat64Words } from './kernels/relu-float64.js';
import { reluInt8, reluInt16, reluInt32 } from './kernels/relu-int.js';
import { reluInt64Words } from './kernels/relu-int64.js';
import { reluBigInt, reluNumber, reluNumberArray } from './kernels/relu-number.js';
import { checkCompanion, checkDTypeOption, checkOptions, overlapsPartially, resolveOperand } from './operand.js';
import { int32Words, sameTypeArray, uint16Bits } from './views.js';

export interface ReluOptions<T = ReluTypedArray> {
  /** The dtype of x. Required for a Uint16Array of 16-bit float bits; otherwise it must match x. */
  dtype?: DType;
  /** Write the result here instead of a new array: same type and length as x; `out === x` is in place. */
  out?: T;
}

/** Runs the forward kernel of `dtype` from `src` into `dst` (same type and length). */
export function reluInto(dtype: DType, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return reluFloat32Bits(int32Words(src), int32Words(dst));
    case 'float64':
      return reluFloat64Words(int32Words(src), int32Words(dst));
    case 'float16':
      return reluFloat16Bits(uint16Bits(src), uint16Bits(dst), FLOAT16_NEGATIVE_INFINITY);
    case 'bfloat16':
      return reluFloat16Bits(uint16Bits(src), uint16Bits(dst), BFLOAT16_NEGATIVE_INFINITY);
    case 'int8':
      return reluInt8(src as Int8Array, dst as Int8Array);
    case 'int16':
      return reluInt16(src as Int16Array, dst as Int16Array);
    case 'int32':
      return reluInt32(src as Int32Array, dst as Int32Array);
    case 'int64':
      return reluInt64Words(int32Words(src), int32Words(dst));
  }
}

const RELU_OPTIONS = ['dtype', 'out'] as const;

/**
 * ReLU as SPEC.md defines it: x > 0 gives x bit for bit; -0, negatives and -Inf give +0; a NaN
 * gives a NaN. Returns a new value of the same kind as x, or fills `options.out`.
 */
export function relu(x: number, options?: { dtype?: 'float64' }): number;
export function relu(x: bigint, options?: { dtype?: 'int64' }): bigint;
export function relu(x: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function relu<T extends ReluTypedArray>(x: T, options?: ReluOptions<T>): T;
export function relu(x: unknown, options?: unknown): unknown {
  const fn = 'relu';
  const opts = checkOptions(fn, options, RELU_OPTIONS);
  const operand = resolveOperand(fn, 'x', x, checkDTypeOption(fn, opts.dtype));
  const out = opts.out;
  if (operand.kind === 'number' || operand.kind === 'bigint') {
    if (out !== undefined) throw new TypeError(`${fn}: options.out is for array inputs; x is a ${operand.kind}`);
    return operand.kind === 'number' ? reluNumber(operand.value) : reluBigInt(operand.value);
  }
  if (out !== undefined) checkCompanion(fn, 'options.out', out, operand, 'x');
  if (operand.kind === 'number[]') {
    const dst = (out as number[] | undefined) ?? [];
    reluNumberArray(operand.value, dst);
    return dst;
  }
  const dst = (out as ReluTypedArray | undefined) ?? sameTypeArray(operand.value);
  const src = overlapsPartially(operand.value, dst) ? operand.value.slice() : operand.value;
  reluInto(operand.dtype, src, dst);
  return dst;
}
