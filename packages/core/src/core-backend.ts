import { type BackendOps, type ReluBackend, type RunOptions, checkOpRunArguments } from './backend.js';
import type { ReluTypedArray } from './dtype.js';
import { OPS, OP_NAMES } from './ops/index.js';
import { sameTypeArray } from './views.js';

const CORE_OPS: BackendOps = Object.freeze(Object.fromEntries(OP_NAMES.map((name) => [name, OPS[name].dtypes])));

/**
 * @relu/core as a ReluBackend: the reference every other backend is compared with, every op on
 * every dtype it is defined on. It holds no resources, so it is one shared object and dispose()
 * does nothing.
 */
export const coreBackend: ReluBackend = Object.freeze({
  name: 'core',
  dtypes: OPS.relu.dtypes,
  ops: CORE_OPS,
  info: Object.freeze({ runtime: 'JavaScript (pure TypeScript reference)' }),
  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    const { dtype, op, attributes } = checkOpRunArguments('core', CORE_OPS, x, options);
    const y = sameTypeArray(x);
    op.forward(dtype, attributes, x, y);
    return y;
  },
  async dispose(): Promise<void> {},
});
