import { FLOAT_DTYPES } from '../dtype.js';
import { argumentRangeError, argumentTypeError } from '../errors.js';
import { leakyReluBackwardInto, leakyReluInto } from '../kernels/leaky-relu.js';
import { repairFromReference } from '../kernels/repair-from-reference.js';
import type { Op, OpAttributeMap } from '../op.js';
import { checkOptions } from '../operand.js';

const DEFAULT_ALPHA = 0.01;

function checkLeakyAttributes(fn: string, argument: string, value: unknown): OpAttributeMap['leakyRelu'] {
  const { alpha } = checkOptions(fn, value, ['alpha'] as const, argument);
  if (alpha === undefined) return LEAKY_RELU.defaults;
  if (typeof alpha !== 'number') throw argumentTypeError(fn, `${argument}.alpha`, 'a finite number', alpha);
  if (!Number.isFinite(Math.fround(alpha))) {
    throw argumentRangeError(fn, `${argument}.alpha`, 'a finite number whose float32 rounding is finite (ONNX stores alpha as a float)', alpha);
  }
  return Object.freeze({ alpha });
}

/**
 * Leaky ReLU, SPEC.md section "leakyRelu": x < 0 gives alpha * x rounded once to the dtype; every
 * other input (+0, -0, positives, +Inf) is returned bit for bit; a NaN gives a NaN. Floating
 * dtypes only.
 */
export const LEAKY_RELU: Op<'leakyRelu'> = Object.freeze<Op<'leakyRelu'>>({
  name: 'leakyRelu',
  summary: 'x < 0 ? alpha * x : x',
  dtypes: FLOAT_DTYPES,
  defaults: Object.freeze({ alpha: DEFAULT_ALPHA }),
  kinks: Object.freeze([0]),
  checkAttributes: checkLeakyAttributes,
  forward: (dtype, { alpha }, src, dst) => leakyReluInto(dtype, alpha, src, dst),
  backward: (dtype, { alpha }, x, dy, dx) => leakyReluBackwardInto(dtype, alpha, x, dy, dx),
  specialValues: {},
  repair: (dtype, { alpha }, x, y) => repairFromReference(dtype, (src, dst) => leakyReluInto(dtype, alpha, src, dst), x, y),
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
