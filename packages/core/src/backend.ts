import type { DType, ReluTypedArray } from './dtype.js';
import { checkDTypeOption, checkOptions, resolveOperand } from './operand.js';

export interface RunOptions {
  /** Required for a Uint16Array of 16-bit float bits ('float16' | 'bfloat16'); otherwise it must match x. */
  dtype?: DType;
}

/**
 * The one contract every relu backend implements: core, wasm, onnx and any user's own. The
 * conformance suite and the benchmarks drive backends only through it.
 */
export interface ReluBackend {
  /** Unique, stable name, used in reports and in conformance profiles. */
  readonly name: string;
  /** The dtypes this backend really runs; run() with any other rejects with UnsupportedDTypeError. */
  readonly dtypes: readonly DType[];
  /** What actually runs (runtime, execution provider, threads...), for reports. */
  readonly info?: Readonly<Record<string, string | number | boolean>>;
  /** ReLU of x into a new array of the same type and length; x is never modified. */
  run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T>;
  /** Releases what the backend holds; run() afterwards rejects with BackendDisposedError. */
  dispose(): Promise<void>;
}

/** A backend was asked for a dtype it does not run. */
export class UnsupportedDTypeError extends TypeError {
  override readonly name = 'UnsupportedDTypeError';
  constructor(
    readonly backend: string,
    readonly dtype: DType,
    readonly supported: readonly DType[],
  ) {
    super(`${backend}: dtype '${dtype}' is not supported by this backend; it runs ${supported.map((d) => `'${d}'`).join(', ')}`);
  }
}

/** A backend was used after dispose(). */
export class BackendDisposedError extends Error {
  override readonly name = 'BackendDisposedError';
  constructor(readonly backend: string) {
    super(`${backend}: this backend has been disposed; create a new one to run again`);
  }
}

/**
 * The argument checks every backend's run() makes, in one place: x must be a typed array of a
 * dtype the backend runs, options as RunOptions. Returns the dtype.
 */
export function checkRunArguments(backend: string, supported: readonly DType[], x: unknown, options: unknown): DType {
  const fn = `${backend}.run`;
  const opts = checkOptions(fn, options, ['dtype'] as const);
  const operand = resolveOperand(fn, 'x', x, checkDTypeOption(fn, opts.dtype));
  if (operand.kind !== 'typed') {
    throw new TypeError(`${fn}: x must be a typed array; got a ${operand.kind} (use relu() from @relu/core for those)`);
  }
  if (!supported.includes(operand.dtype)) throw new UnsupportedDTypeError(backend, operand.dtype, supported);
  return operand.dtype;
}

export type { ReluTypedArray };
