import type { Attributes, DType, OpName } from '@relu/core';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { randomSignData } from '../random-data.js';

/**
 * The loop a user writes by hand, into a preallocated y: no checks, no allocation, the formula
 * JavaScript compiles best. Not conforming (a NaN becomes 0 or stays, -0 is not +0 in every op):
 * it is the speed floor of plain JavaScript, not a reference for results.
 */
type Numbers = { readonly length: number; [index: number]: number };

/** Each op's hand-written loop and the dtypes a JavaScript number loop runs it on (16-bit floats are bits, int64 bigints). */
const LOOPS: Readonly<Record<OpName, { readonly formula: string; readonly dtypes: readonly DType[]; readonly loop: (x: Numbers, y: Numbers, attributes: Attributes) => void }>> = {
  relu: {
    formula: 'x > 0 ? x : 0',
    dtypes: ['float32', 'float64', 'int8', 'int16', 'int32'],
    loop: (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : 0;
      }
    },
  },
  leakyRelu: {
    formula: 'x < 0 ? alpha * x : x',
    dtypes: ['float32', 'float64'],
    loop: (x, y, attributes) => {
      const alpha = attributes.alpha as number;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        y[i] = v < 0 ? alpha * v : v;
      }
    },
  },
  relu6: {
    formula: 'x > 0 ? (x < 6 ? x : 6) : 0',
    dtypes: ['float32', 'float64', 'int8', 'int16', 'int32'],
    loop: (x, y) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? (v < 6 ? v : 6) : 0;
      }
    },
  },
};

export const NAIVE_LOOP = 'naive loop';

export function naiveLoopCase(): BenchCase {
  const ops = Object.fromEntries(Object.entries(LOOPS).map(([op, { dtypes }]) => [op, dtypes]));
  return {
    name: NAIVE_LOOP,
    role: 'baseline',
    work: { ops },
    info: { runtime: 'JavaScript', formulas: Object.entries(LOOPS).map(([op, { formula }]) => `${op}: ${formula}`).join('; ') },
    includes: 'a for loop of the formula into a preallocated y (no checks, no allocation)',
    floors: [],
    async prepare({ op, attributes, dtype, size }): Promise<PreparedCall> {
      if (op === null) throw new RangeError(`${NAIVE_LOOP}: an op is required`);
      const x = randomSignData(dtype, size) as unknown as Numbers;
      const y = randomSignData(dtype, size) as unknown as Numbers;
      const { loop } = LOOPS[op];
      return { run: () => loop(x, y, attributes), release: () => {} };
    },
    dispose: async () => {},
  };
}
