import type { DType, ReluTypedArray } from './dtype.js';
import { reluBackwardFloat16Bits } from './kernels/backward-float16-bits.js';
import { reluBackwardFloat32Bits } from './kernels/backward-float32.js';
import { reluBackwardFloat64Words } from './kernels/backward-float64.js';
import { reluBackwardInt, reluBackwardInt64Words } from './kernels/backward-int.js';
import { reluBackwardBigInt, reluBackwardNumber, reluBackwardNumberArray } from './kernels/backward-number.js';
import { checkCompanion, checkDTypeOption, checkOptions, overlapsPartially, resolveOperand } from './operand.js';
import type { ReluOptions } from './relu.js';
import { int32Words, sameTypeArray, uint16Bits } from './views.js';

const FLOAT16_POSITIVE_INFINITY = 0x7c00;
const BFLOAT16_POSITIVE_INFINITY = 0x7f80;

export function reluBackwardInto(dtype: DType, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return reluBackwardFloat32Bits(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float64':
      return reluBackwardFloat64Words(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float16':
      return reluBackwardFloat16Bits(uint16Bits(x), uint16Bits(dy), uint16Bits(dx), FLOAT16_POSITIVE_INFINITY);
    case 'bfloat16':
      return reluBackwardFloat16Bits(uint16Bits(x), uint16Bits(dy), uint16Bits(dx), BFLOAT16_POSITIVE_INFINITY);
    case 'int8':
    case 'int16':
    case 'int32':
      return reluBackwardInt(x as Int32Array, dy as Int32Array, dx as Int32Array);
    case 'int64':
      return reluBackwardInt64Words(int32Words(x), int32Words(dy), int32Words(dx));
  }
}

/**
 * The gradient of ReLU (SPEC.md, "Gradient"): dx = dy where x > 0, a NaN where x is NaN, and
 * +0 everywhere else, whatever dy holds there. x is the forward input, dy the upstream gradient.
 */
export function reluBackward(x: number, dy: number, options?: { dtype?: 'float64' }): number;
export function reluBackward(x: bigint, dy: bigint, options?: { dtype?: 'int64' }): bigint;
export function reluBackward(x: readonly number[], dy: readonly number[], options?: { dtype?: 'float64'; out?: number[] }): number[];
export function reluBackward<T extends ReluTypedArray>(x: T, dy: T, options?: ReluOptions<T>): T;
export function reluBackward(x: unknown, dy: unknown, options?: unknown): unknown {
  const fn = 'reluBackward';
  const opts = checkOptions(fn, options, ['dtype', 'out'] as const);
  const operand = resolveOperand(fn, 'x', x, checkDTypeOption(fn, opts.dtype));
  const out = opts.out;
  if (operand.kind === 'number' || operand.kind === 'bigint') {
    if (out !== undefined) throw new TypeError(`${fn}: options.out is for array inputs; x is a ${operand.kind}`);
    if (typeof dy !== operand.kind) throw new TypeError(`${fn}: dy must be a ${operand.kind} like x; got ${typeof dy}`);
    return operand.kind === 'number'
      ? reluBackwardNumber(operand.value, dy as number)
      : reluBackwardBigInt(operand.value, dy as bigint);
  }
  checkCompanion(fn, 'dy', dy, operand, 'x');
  if (out !== undefined) checkCompanion(fn, 'options.out', out, operand, 'x');
  if (operand.kind === 'number[]') {
    const dyArray = dy as readonly number[];
    resolveOperand(fn, 'dy', dyArray, undefined);
    const dst = (out as number[] | undefined) ?? [];
    reluBackwardNumberArray(operand.value, dyArray, dst);
    return dst;
  }
  const dyArray = dy as ReluTypedArray;
  const dst = (out as ReluTypedArray | undefined) ?? sameTypeArray(operand.value);
  const xSrc = overlapsPartially(operand.value, dst) ? operand.value.slice() : operand.value;
  const dySrc = overlapsPartially(dyArray, dst) ? dyArray.slice() : dyArray;
  reluBackwardInto(operand.dtype, xSrc, dySrc, dst);
  return dst;
}
