import { type ReluBackend, checkRunArguments } from './backend.js';
import { DTYPES, type ReluTypedArray } from './dtype.js';
import { reluInto } from './relu.js';
import { sameTypeArray } from './views.js';

/**
 * @relu/core as a ReluBackend: the reference every other backend is compared with. It holds no
 * resources, so it is one shared object and dispose() does nothing.
 */
export const coreBackend: ReluBackend = Object.freeze({
  name: 'core',
  dtypes: DTYPES,
  info: Object.freeze({ runtime: 'JavaScript (pure TypeScript reference)' }),
  async run<T extends ReluTypedArray>(x: T, options?: { dtype?: (typeof DTYPES)[number] }): Promise<T> {
    const dtype = checkRunArguments('core', DTYPES, x, options);
    const y = sameTypeArray(x);
    reluInto(dtype, x, y);
    return y;
  },
  async dispose(): Promise<void> {},
});
