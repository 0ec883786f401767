import type { BenchCase } from '../bench-case.js';
import { FLOOR } from '../floors.js';
import { randomSignData } from '../random-data.js';
import { CORE_FUNCTIONS, CORE_OPS } from './core-functions.js';

/**
 * @relu/core's public functions without out, `relu(x)`: the checks, a new output array and the
 * kernel, synchronously. Its floor is x.slice(), a new array of the same bytes.
 */
export function coreNewArrayCase(): BenchCase {
  return {
    name: 'core-new-array',
    role: 'direct',
    work: { ops: CORE_OPS },
    info: { runtime: 'JavaScript (pure TypeScript reference)' },
    includes: 'relu(x), leakyRelu(x, { alpha }), relu6(x): the checks, a new output array and the kernel, synchronous',
    floors: [FLOOR.slice],
    async prepare({ op, attributes, dtype, size }) {
      const x = randomSignData(dtype, size);
      const options = { ...attributes, dtype } as never;
      const fn = CORE_FUNCTIONS[op ?? 'relu'];
      return { run: () => fn(x as never, options), release: () => {} };
    },
    dispose: async () => {},
  };
}
