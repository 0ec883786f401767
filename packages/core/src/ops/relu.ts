import type { DType, ReluTypedArray } from '../dtype.js';
import { DTYPES } from '../dtype.js';
import { reluBackwardFloat16Bits } from '../kernels/backward-float16-bits.js';
import { reluBackwardFloat32Bits } from '../kernels/backward-float32.js';
import { reluBackwardFloat64Words } from '../kernels/backward-float64.js';
import { reluBackwardInt, reluBackwardInt64Words } from '../kernels/backward-int.js';
import { BFLOAT16, FLOAT16 } from '../kernels/half-formats.js';
import { reluFloat16Bits } from '../kernels/relu-float16-bits.js';
import { reluFloat32Bits } from '../kernels/relu-float32.js';
import { reluFloat64Words } from '../kernels/relu-float64.js';
import { reluInt16, reluInt32, reluInt8 } from '../kernels/relu-int.js';
import { reluInt64Words } from '../kernels/relu-int64.js';
import { repairRelu } from '../kernels/repair-relu.js';
import type { Op } from '../op.js';
import { SPECIAL_VALUES } from '../special-values.js';
import { int32Words, uint16Bits } from '../views.js';
import { NO_ATTRIBUTES, checkNoAttributes } from './attributes.js';

/** Runs the forward kernel of `dtype` from `src` into `dst` (same type and length, not partially overlapping). */
export function reluInto(dtype: DType, src: ReluTypedArray, dst: ReluTypedArray): void {
  // float32 ahead of the switch: most calls are float32, and a small dispatch is inlined into them.
  if (dtype === 'float32') reluFloat32Bits(int32Words(src), int32Words(dst));
  else reluIntoOther(dtype, src, dst);
}

/** Every dtype but float32, which reluInto runs itself. */
function reluIntoOther(dtype: Exclude<DType, 'float32'>, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float64':
      return reluFloat64Words(int32Words(src), int32Words(dst));
    case 'float16':
      return reluFloat16Bits(uint16Bits(src), uint16Bits(dst), FLOAT16.negativeInfinity);
    case 'bfloat16':
      return reluFloat16Bits(uint16Bits(src), uint16Bits(dst), BFLOAT16.negativeInfinity);
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

export function reluBackwardInto(dtype: DType, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return reluBackwardFloat32Bits(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float64':
      return reluBackwardFloat64Words(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float16':
      return reluBackwardFloat16Bits(uint16Bits(x), uint16Bits(dy), uint16Bits(dx), FLOAT16.infinity);
    case 'bfloat16':
      return reluBackwardFloat16Bits(uint16Bits(x), uint16Bits(dy), uint16Bits(dx), BFLOAT16.infinity);
    case 'int8':
    case 'int16':
    case 'int32':
      return reluBackwardInt(x as Int32Array, dy as Int32Array, dx as Int32Array);
    case 'int64':
      return reluBackwardInt64Words(int32Words(x), int32Words(dy), int32Words(dx));
  }
}

/**
 * ReLU, SPEC.md section 2: x > 0 gives x bit for bit; -0, negatives and -Inf give +0; a NaN gives a
 * NaN. Integers: x > 0 ? x : 0.
 */
export const RELU: Op<'relu'> = Object.freeze<Op<'relu'>>({
  name: 'relu',
  summary: 'max(0, x)',
  dtypes: DTYPES,
  defaults: NO_ATTRIBUTES,
  kinks: Object.freeze([0]),
  checkAttributes: checkNoAttributes,
  forward: (dtype, _attributes, src, dst) => reluInto(dtype, src, dst),
  backward: (dtype, _attributes, x, dy, dx) => reluBackwardInto(dtype, x, dy, dx),
  specialValues: SPECIAL_VALUES,
  repair: (dtype, _attributes, x, y) => repairRelu(dtype, x, y),
  onnx: {
    opType: 'Relu',
    versions: [
      { since: 14, dtypes: DTYPES },
      { since: 13, dtypes: ['float32', 'float64', 'float16', 'bfloat16'] },
      { since: 6, dtypes: ['float32', 'float64', 'float16'] },
    ],
    floatAttributes: () => NO_ATTRIBUTES,
    scalarInputs: () => [],
  },
});
