import { type BackendOps, type OpName, OPS, OP_NAMES, leakyRelu, relu, relu6 } from '@relu/core';

/**
 * Each op's public function of @relu/core, called as users call it: `fn(x, { ...attributes,
 * dtype, out })`, every attribute an option of the same name.
 */
export const CORE_FUNCTIONS: Readonly<Record<OpName, (x: never, options: never) => unknown>> = { relu, leakyRelu, relu6 };

/** Every op of core on every dtype it is defined on. */
export const CORE_OPS: BackendOps = Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].dtypes]));
