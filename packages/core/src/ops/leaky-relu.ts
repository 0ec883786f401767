import { type DType, FLOAT_DTYPES, type ReluTypedArray } from '../dtype.js';
import { argumentRangeError, argumentTypeError } from '../errors.js';
import { BFLOAT16, FLOAT16 } from '../kernels/half-formats.js';
import { leakyReluBackwardFloat16Bits } from '../kernels/leaky-relu-backward-float16-bits.js';
import { leakyReluBackwardFloat32 } from '../kernels/leaky-relu-backward-float32.js';
import { leakyReluBackwardFloat64 } from '../kernels/leaky-relu-backward-float64.js';
import { leakyReluFloat16Bits } from '../kernels/leaky-relu-float16-bits.js';
import { leakyReluFloat32 } from '../kernels/leaky-relu-float32.js';
import { leakyReluFloat64 } from '../kernels/leaky-relu-float64.js';
import { repairFromReference } from '../kernels/repair-from-reference.js';
import type { Op, OpAttributeMap } from '../op.js';
import { checkOptions } from '../operand.js';
import { int32Words, uint16Bits } from '../views.js';
import { LEAKY_RELU_SPECIAL_VALUES } from './leaky-relu-special-values.js';

const DEFAULT_ALPHA = 0.01;

function checkLeakyAttributes(fn: string, argument: string, value: unknown): OpAttributeMap['leakyRelu'] {
  const { alpha } = checkOptions(fn, value, ['alpha'] as const, argument);
  if (alpha === undefined) return LEAKY_RELU.defaults;
  if (typeof alpha !== 'number') throw argumentTypeError(fn, `${argument}.alpha`, 'a number', alpha);
  if (!Number.isFinite(Math.fround(alpha))) {
    throw argumentRangeError(fn, `${argument}.alpha`, 'a number whose float32 rounding is finite (ONNX stores alpha as a float)', alpha);
  }
  return Object.freeze({ alpha });
}

function forward(dtype: DType, alpha: number, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return leakyReluFloat32(alpha, src as Float32Array, dst as Float32Array, int32Words(src), int32Words(dst));
    case 'float64':
      return leakyReluFloat64(alpha, src as Float64Array, dst as Float64Array, int32Words(src), int32Words(dst));
    case 'float16':
      return leakyReluFloat16Bits(FLOAT16, alpha, uint16Bits(src), uint16Bits(dst));
    case 'bfloat16':
      return leakyReluFloat16Bits(BFLOAT16, alpha, uint16Bits(src), uint16Bits(dst));
    default:
      throw new TypeError(`leakyRelu is not defined on '${dtype}'; it is defined on ${FLOAT_DTYPES.join(', ')}`);
  }
}

function backward(dtype: DType, alpha: number, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return leakyReluBackwardFloat32(alpha, int32Words(x), dy as Float32Array, int32Words(dy), dx as Float32Array, int32Words(dx));
    case 'float64':
      return leakyReluBackwardFloat64(alpha, int32Words(x), dy as Float64Array, int32Words(dy), dx as Float64Array, int32Words(dx));
    case 'float16':
      return leakyReluBackwardFloat16Bits(FLOAT16, alpha, uint16Bits(x), uint16Bits(dy), uint16Bits(dx));
    case 'bfloat16':
      return leakyReluBackwardFloat16Bits(BFLOAT16, alpha, uint16Bits(x), uint16Bits(dy), uint16Bits(dx));
    default:
      throw new TypeError(`leakyReluBackward is not defined on '${dtype}'; it is defined on ${FLOAT_DTYPES.join(', ')}`);
  }
}

/**
 * Leaky ReLU, SPEC.md section 3: x < 0 gives alpha * x rounded once to the dtype; every other
 * input (+0, -0, positives, +Inf) is returned bit for bit; a NaN gives a NaN. alpha is the
 * caller's double for float64 and its float32 rounding (ONNX's float attribute) for the other
 * dtypes. Floating dtypes only.
 */
export const LEAKY_RELU: Op<'leakyRelu'> = Object.freeze<Op<'leakyRelu'>>({
  name: 'leakyRelu',
  summary: 'x < 0 ? alpha * x : x',
  dtypes: FLOAT_DTYPES,
  defaults: Object.freeze({ alpha: DEFAULT_ALPHA }),
  kinks: Object.freeze([0]),
  checkAttributes: checkLeakyAttributes,
  forward: (dtype, { alpha }, src, dst) => forward(dtype, alpha, src, dst),
  backward: (dtype, { alpha }, x, dy, dx) => backward(dtype, alpha, x, dy, dx),
  specialValues: LEAKY_RELU_SPECIAL_VALUES,
  repair: (dtype, { alpha }, x, y) => repairFromReference(dtype, (src, dst) => forward(dtype, alpha, src, dst), x, y),
  onnx: {
    opType: 'LeakyRelu',
    versions: [
      { since: 16, dtypes: FLOAT_DTYPES },
      { since: 6, dtypes: ['float32', 'float64', 'float16'] },
    ],
    floatAttributes: (attributes) => ({ alpha: attributes.alpha ?? DEFAULT_ALPHA }),
    scalarInputs: () => [],
  },
});
