import { argumentRangeError, argumentTypeError } from '../errors.js';
import type { Op, OpName } from '../op.js';
import { LEAKY_RELU } from './leaky-relu.js';
import { RELU } from './relu.js';
import { RELU6 } from './relu6.js';

export { LEAKY_RELU, RELU, RELU6 };

/** Every op, by name: the registry that backends, the suite, the bench and the report iterate. */
export const OPS: Readonly<{ [N in OpName]: Op<N> }> = Object.freeze({ relu: RELU, leakyRelu: LEAKY_RELU, relu6: RELU6 });

export const OP_NAMES: readonly OpName[] = Object.freeze(Object.keys(OPS) as OpName[]);

export function isOpName(value: unknown): value is OpName {
  return typeof value === 'string' && Object.hasOwn(OPS, value);
}

/** The op named by `value` (a name or a descriptor of this registry), or a typed error naming `argument`. */
export function resolveOp(fn: string, argument: string, value: unknown): Op {
  if (value === undefined) return RELU;
  if (typeof value === 'string') {
    if (isOpName(value)) return OPS[value] as Op;
    throw argumentRangeError(fn, argument, `one of ${OP_NAMES.map((n) => `'${n}'`).join(', ')}`, JSON.stringify(value));
  }
  if (typeof value === 'object' && value !== null && isOpName((value as Op).name) && OPS[(value as Op).name] === value) return value as Op;
  throw argumentTypeError(fn, argument, `an op name (${OP_NAMES.map((n) => `'${n}'`).join(', ')}) or one of the OPS descriptors`, value);
}
