import type { DType, ReluTypedArray } from '../dtype.js';
import { DTYPES } from '../dtype.js';
import { BFLOAT16, FLOAT16 } from '../kernels/half-formats.js';
import { relu6BackwardFloat16Bits } from '../kernels/relu6-backward-float16-bits.js';
import { relu6BackwardFloat32Bits } from '../kernels/relu6-backward-float32.js';
import { relu6BackwardFloat64Words } from '../kernels/relu6-backward-float64.js';
import { relu6BackwardInt, relu6BackwardInt64Words } from '../kernels/relu6-backward-int.js';
import { relu6Float16Bits } from '../kernels/relu6-float16-bits.js';
import { relu6Float32Bits } from '../kernels/relu6-float32.js';
import { relu6Float64Words } from '../kernels/relu6-float64.js';
import { relu6Int16, relu6Int32, relu6Int64Words, relu6Int8 } from '../kernels/relu6-int.js';
import { repairFromReference } from '../kernels/repair-from-reference.js';
import type { Op } from '../op.js';
import { int32Words, uint16Bits } from '../views.js';
import { NO_ATTRIBUTES, checkNoAttributes } from './attributes.js';
import { RELU6_SPECIAL_VALUES } from './relu6-special-values.js';

function forward(dtype: DType, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return relu6Float32Bits(int32Words(src), int32Words(dst));
    case 'float64':
      return relu6Float64Words(int32Words(src), int32Words(dst));
    case 'float16':
      return relu6Float16Bits(FLOAT16, uint16Bits(src), uint16Bits(dst));
    case 'bfloat16':
      return relu6Float16Bits(BFLOAT16, uint16Bits(src), uint16Bits(dst));
    case 'int8':
      return relu6Int8(src as Int8Array, dst as Int8Array);
    case 'int16':
      return relu6Int16(src as Int16Array, dst as Int16Array);
    case 'int32':
      return relu6Int32(src as Int32Array, dst as Int32Array);
    case 'int64':
      return relu6Int64Words(int32Words(src), int32Words(dst));
  }
}

function backward(dtype: DType, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return relu6BackwardFloat32Bits(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float64':
      return relu6BackwardFloat64Words(int32Words(x), int32Words(dy), int32Words(dx));
    case 'float16':
      return relu6BackwardFloat16Bits(FLOAT16, uint16Bits(x), uint16Bits(dy), uint16Bits(dx));
    case 'bfloat16':
      return relu6BackwardFloat16Bits(BFLOAT16, uint16Bits(x), uint16Bits(dy), uint16Bits(dx));
    case 'int8':
    case 'int16':
    case 'int32':
      return relu6BackwardInt(x as Int32Array, dy as Int32Array, dx as Int32Array);
    case 'int64':
      return relu6BackwardInt64Words(int32Words(x), int32Words(dy), int32Words(dx));
  }
}

/**
 * ReLU6, SPEC.md section 4: min(max(x, 0), 6). -0, negatives and -Inf give +0; 6 and above,
 * +Inf included, give 6; a NaN gives a NaN; integers are clamped to [0, 6]. ONNX has no ReLU6:
 * it is Clip with min 0 and max 6 as inputs.
 */
export const RELU6: Op<'relu6'> = Object.freeze<Op<'relu6'>>({
  name: 'relu6',
  summary: 'min(max(0, x), 6)',
  dtypes: DTYPES,
  defaults: NO_ATTRIBUTES,
  kinks: Object.freeze([0, 6]),
  checkAttributes: checkNoAttributes,
  forward: (dtype, _attributes, src, dst) => forward(dtype, src, dst),
  backward: (dtype, _attributes, x, dy, dx) => backward(dtype, x, dy, dx),
  specialValues: RELU6_SPECIAL_VALUES,
  repair: (dtype, _attributes, x, y) => repairFromReference(dtype, (src, dst) => forward(dtype, src, dst), x, y),
  onnx: {
    opType: 'Clip',
    versions: [
      { since: 13, dtypes: DTYPES },
      { since: 12, dtypes: ['float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64'] },
      { since: 11, dtypes: ['float32', 'float64', 'float16'] },
    ],
    floatAttributes: () => NO_ATTRIBUTES,
    scalarInputs: () => [
      { name: 'min', value: 0 },
      { name: 'max', value: 6 },
    ],
  },
});
