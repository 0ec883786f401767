import type { DType, ReluTypedArray } from './dtype.js';
import type { Attributes, Op, OpAttributeMap, OpName } from './op.js';
import { checkDTypeOption, checkOptions, resolveOperand } from './operand.js';
import { RELU, resolveOp } from './ops/index.js';

export interface RunOptions {
  /** Required for a Uint16Array of 16-bit float bits ('float16' | 'bfloat16'); otherwise it must match x. */
  dtype?: DType;
  /** The op to run, by name (default 'relu'); the backend's `ops` lists those it runs. */
  op?: OpName;
  /** The op's attributes (leakyRelu: { alpha }); omitted ones take the op's defaults. */
  attributes?: Attributes;
}

/** The ops a backend runs, each with the dtypes it runs it on. */
export type BackendOps = Readonly<Partial<Record<OpName, readonly DType[]>>>;

/**
 * The one contract every relu backend implements: core, wasm, onnx and any user's own. The
 * conformance suite and the benchmarks drive backends only through it.
 */
export interface ReluBackend {
  /** Unique, stable name, used in reports and in conformance profiles. */
  readonly name: string;
  /** The dtypes this backend runs ReLU on; run() with any other rejects with UnsupportedDTypeError. */
  readonly dtypes: readonly DType[];
  /**
   * The ops this backend runs and the dtypes of each. Absent: ReLU only, on `dtypes` (every
   * backend written before ops were values keeps working unchanged).
   */
  readonly ops?: BackendOps;
  /** What actually runs (runtime, execution provider, threads...), for reports. */
  readonly info?: Readonly<Record<string, string | number | boolean>>;
  /** The op (ReLU by default) of x into a new array of the same type and length; x is never modified. */
  run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T>;
  /** Releases what the backend holds; run() afterwards rejects with BackendDisposedError. */
  dispose(): Promise<void>;
}

/** What a backend runs: `ops` where it declares them, else ReLU on its `dtypes`. */
export function backendOps(backend: Pick<ReluBackend, 'dtypes' | 'ops'>): BackendOps {
  return backend.ops ?? { relu: backend.dtypes };
}

/** A backend was asked for a dtype it does not run. */
export class UnsupportedDTypeError extends TypeError {
  override readonly name = 'UnsupportedDTypeError';
  constructor(
    readonly backend: string,
    readonly dtype: DType,
    readonly supported: readonly DType[],
    readonly op: OpName = 'relu',
  ) {
    super(
      `${backend}: dtype '${dtype}' is not supported by this backend${op === 'relu' ? '' : ` for ${op}`}; it runs ${supported.map((d) => `'${d}'`).join(', ')}`,
    );
  }
}

/** A backend was asked for an op it does not run. */
export class UnsupportedOpError extends TypeError {
  override readonly name = 'UnsupportedOpError';
  constructor(
    readonly backend: string,
    readonly op: OpName,
    readonly supported: readonly OpName[],
  ) {
    super(`${backend}: op '${op}' is not supported by this backend; it runs ${supported.map((o) => `'${o}'`).join(', ')}`);
  }
}

/** A backend was used after dispose(). */
export class BackendDisposedError extends Error {
  override readonly name = 'BackendDisposedError';
  constructor(readonly backend: string) {
    super(`${backend}: this backend has been disposed; create a new one to run again`);
  }
}

/** One checked run() call: the dtype of x, the op and its attributes with defaults filled in. */
export interface RunCall<N extends OpName = OpName> {
  readonly dtype: DType;
  readonly op: Op<N>;
  readonly attributes: OpAttributeMap[N];
}

const RUN_OPTION_KEYS = ['dtype', 'op', 'attributes'] as const;

/**
 * The argument checks every backend's run() makes, in one place: x must be a typed array of a
 * dtype the op is defined on and the backend runs it on, options as RunOptions.
 */
export function checkOpRunArguments(backend: string, ops: BackendOps, x: unknown, options: unknown): RunCall {
  const fn = `${backend}.run`;
  const opts = checkOptions(fn, options, RUN_OPTION_KEYS);
  const op = resolveOp(fn, 'options.op', opts.op);
  const attributes = op.checkAttributes(fn, 'options.attributes', opts.attributes);
  const operand = resolveOperand(fn, 'x', x, checkDTypeOption(fn, opts.dtype));
  if (operand.kind !== 'typed') {
    throw new TypeError(`${fn}: x must be a typed array; got a ${operand.kind} (use relu() from @relu/core for those)`);
  }
  const dtype = operand.dtype;
  if (!op.dtypes.includes(dtype)) {
    throw new TypeError(`${fn}: ${op.name} is not defined on '${dtype}'; it is defined on ${op.dtypes.map((d) => `'${d}'`).join(', ')}`);
  }
  const supported = ops[op.name];
  if (supported === undefined) throw new UnsupportedOpError(backend, op.name, Object.keys(ops) as OpName[]);
  if (!supported.includes(dtype)) throw new UnsupportedDTypeError(backend, dtype, supported, op.name);
  return { dtype, op, attributes };
}

/**
 * The checks of a ReLU-only backend's run(): as checkOpRunArguments with ReLU on `supported`.
 * Returns the dtype.
 */
export function checkRunArguments(backend: string, supported: readonly DType[], x: unknown, options: unknown): DType {
  return checkOpRunArguments(backend, { [RELU.name]: supported }, x, options).dtype;
}

export type { ReluTypedArray };
