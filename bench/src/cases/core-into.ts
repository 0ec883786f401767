import { type DType, DTYPES, allocate, relu } from '@relu/core';
import type { BenchCase } from '../bench-case.js';
import { randomSignData } from '../random-data.js';

/**
 * @relu/core's kernel alone: relu(x, { out }) into a preallocated array, no allocation per call.
 * coreBackend.run() adds a new output array per call; this is the speed of the kernel itself.
 */
export function coreIntoCase(environment: 'node' | 'browser'): BenchCase {
  return {
    name: 'core-into',
    environment,
    role: 'in-memory',
    dtypes: DTYPES,
    info: { runtime: 'JavaScript (pure TypeScript reference)' },
    includes: 'relu(x, { out }): the kernel into a preallocated output, no allocation',
    async prepare(dtype: DType, size: number) {
      const x = randomSignData(dtype, size);
      const out = allocate(dtype, size);
      const options = { dtype, out } as never;
      return { run: () => relu(x, options), release: () => {} };
    },
    dispose: async () => {},
  };
}
