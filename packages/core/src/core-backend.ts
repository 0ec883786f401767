import { forwardArray } from './apply-op.js';
import { type BackendOps, type ReluBackend, type RunOptions, checkRun } from './backend.js';
import type { ReluTypedArray } from './dtype.js';
import { OPS, OP_NAMES } from './ops/index.js';

const CORE_OPS: BackendOps = Object.freeze(Object.fromEntries(OP_NAMES.map((name) => [name, OPS[name].dtypes])));

/**
 * @relu/core as a ReluBackend: the reference every other backend is compared with, every op on
 * every dtype it is defined on. It holds no resources, so it is one shared object and dispose()
 * does nothing. run() reads x completely before it returns its promise (it computes
 * synchronously), so nothing a caller does to x afterwards changes the result.
 */
export const coreBackend: ReluBackend = Object.freeze({
  name: 'core',
  dtypes: OPS.relu.dtypes,
  ops: CORE_OPS,
  info: Object.freeze({ runtime: 'JavaScript (pure TypeScript reference)' }),
  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    const { op, dtype, attributes, kind, length } = checkRun('core', CORE_OPS, x, options);
    return forwardArray(op, dtype, attributes, kind, x, length, undefined) as T;
  },
  async dispose(): Promise<void> {},
});
