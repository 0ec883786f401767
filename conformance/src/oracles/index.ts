import type { Attributes, DType, OpName, ReluTypedArray } from '@relu/core';
import { leakyReluOracle } from './leaky-relu.js';
import { reluOracle } from './relu.js';
import { relu6Oracle } from './relu6.js';

/**
 * An op written a second time from SPEC.md, sharing no code with @relu/core's kernels: the sweep
 * checks core (mode 'reference') against it, and every other subject against core.
 */
export type Oracle = (dtype: DType, attributes: Attributes, input: ReluTypedArray, output: ReluTypedArray) => void;

/** One oracle per op of core's registry: the type makes a new op without an oracle a compile error. */
export const ORACLES: Readonly<Record<OpName, Oracle>> = {
  relu: reluOracle,
  leakyRelu: leakyReluOracle,
  relu6: relu6Oracle,
};
