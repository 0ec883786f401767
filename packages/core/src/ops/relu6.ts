import { DTYPES } from '../dtype.js';
import { repairFromReference } from '../kernels/repair-from-reference.js';
import { relu6BackwardInto, relu6Into } from '../kernels/relu6.js';
import type { Op } from '../op.js';
import { NO_ATTRIBUTES, checkNoAttributes } from './attributes.js';

/**
 * ReLU6, SPEC.md section "relu6": min(max(x, 0), 6). -0, negatives and -Inf give +0; 6 and above,
 * +Inf included, give 6; a NaN gives a NaN; integers are clamped to [0, 6].
 */
export const RELU6: Op<'relu6'> = Object.freeze<Op<'relu6'>>({
  name: 'relu6',
  summary: 'min(max(0, x), 6)',
  dtypes: DTYPES,
  defaults: NO_ATTRIBUTES,
  kinks: Object.freeze([0, 6]),
  checkAttributes: checkNoAttributes,
  forward: (dtype, _attributes, src, dst) => relu6Into(dtype, src, dst),
  backward: (dtype, _attributes, x, dy, dx) => relu6BackwardInto(dtype, x, dy, dx),
  specialValues: {},
  repair: (dtype, _attributes, x, y) => repairFromReference(dtype, (src, dst) => relu6Into(dtype, src, dst), x, y),
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
