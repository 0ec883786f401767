import { reluBackwardInto } from '../backward.js';
import { DTYPES } from '../dtype.js';
import { repairRelu } from '../kernels/repair-relu.js';
import type { Op } from '../op.js';
import { reluInto } from '../relu.js';
import { SPECIAL_VALUES } from '../special-values.js';
import { NO_ATTRIBUTES, checkNoAttributes } from './attributes.js';

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
