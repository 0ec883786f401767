import { allocate } from '@relu/core';
import type { BenchCase } from '../bench-case.js';
import { FLOOR } from '../floors.js';
import { randomSignData } from '../random-data.js';
import { CORE_FUNCTIONS, CORE_OPS } from './core-functions.js';

/**
 * @relu/core's public functions into a preallocated array, `relu(x, { out })`, `leakyRelu(x, {
 * alpha, out })`, `relu6(x, { out })`: every argument check and the kernel, no allocation per call.
 * coreBackend.run() adds a new output array and a promise per call.
 */
export function coreIntoCase(): BenchCase {
  return {
    name: 'core-into',
    role: 'direct',
    work: { ops: CORE_OPS },
    info: { runtime: 'JavaScript (pure TypeScript reference)' },
    includes: 'relu(x, { out }), leakyRelu(x, { alpha, out }), relu6(x, { out }): the checks and the kernel into a preallocated output, no allocation',
    floors: [FLOOR.copy],
    async prepare({ op, attributes, dtype, size }) {
      const x = randomSignData(dtype, size);
      const options = { ...attributes, dtype, out: allocate(dtype, size) } as never;
      const fn = CORE_FUNCTIONS[op ?? 'relu'];
      return { run: () => fn(x as never, options), release: () => {} };
    },
    dispose: async () => {},
  };
}
