import type { DType, ReluTypedArray } from './dtype.js';
import type { Attributes, Op, OpAttributeMap, OpName } from './op.js';
import { checkOpDefined } from './apply-op.js';
import { argumentTypeError } from './errors.js';
import { type CheckedArray, TYPED_ACCEPTED, checkClaimedKind, checkDTypeOption, checkOptions, readableLength, typedArrayDType } from './operand.js';
import { RELU, resolveOp } from './ops/index.js';
import { arrayKindOf } from './typed-arrays.js';

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

/**
 * What checking a run() call learns about x besides its dtype: its kind and length from its
 * internal slots. Backends read x only through them (`intrinsicView(kind, x, length)`), never
 * through x's own `length`, `buffer` or `constructor`, which a subclass can override.
 */
export interface CheckedRun extends RunCall, CheckedArray {}

const RUN_OPTION_KEYS = ['dtype', 'op', 'attributes'] as const;

// `${backend}.run` (the function name in messages) of the previous call, kept aside: a program
// calls one backend many times in a row, and making the string costs an allocation per call.
let lastBackend: string | undefined;
let lastRunName = '';

function runName(backend: string): string {
  if (backend !== lastBackend) {
    lastRunName = `${backend}.run`;
    lastBackend = backend;
  }
  return lastRunName;
}

/**
 * The argument checks every backend's run() makes, in one place: x must be a readable typed array
 * of a dtype the op is defined on and the backend runs it on, options as RunOptions. The same
 * checks as the public functions (operand.ts), so every backend's messages are core's.
 */
export function checkRun(backend: string, ops: BackendOps, x: unknown, options: unknown): CheckedRun {
  const fn = runName(backend);
  let op: Op = RELU;
  let attributes: OpAttributeMap[OpName] = RELU.defaults;
  let dtypeOption: DType | undefined;
  if (options !== undefined) {
    const opts = checkOptions(fn, options, RUN_OPTION_KEYS);
    op = resolveOp(fn, 'options.op', opts.op);
    attributes = op.checkAttributes(fn, 'options.attributes', opts.attributes);
    dtypeOption = checkDTypeOption(fn, opts.dtype);
  }
  const kind = arrayKindOf(x);
  if (kind === undefined) {
    if (typeof x === 'number' || typeof x === 'bigint' || Array.isArray(x)) {
      throw new TypeError(`${fn}: x must be a typed array; got a ${Array.isArray(x) ? 'number[]' : typeof x} (use relu() from @relu/core for those)`);
    }
    throw argumentTypeError(fn, 'x', TYPED_ACCEPTED, x);
  }
  const dtype = typedArrayDType(fn, 'x', kind, dtypeOption, TYPED_ACCEPTED);
  checkOpDefined(fn, op, dtype);
  const supported = ops[op.name];
  if (supported === undefined) throw new UnsupportedOpError(backend, op.name, Object.keys(ops) as OpName[]);
  if (!supported.includes(dtype)) throw new UnsupportedDTypeError(backend, dtype, supported, op.name);
  checkClaimedKind(fn, 'x', x as ArrayBufferView, kind);
  const length = readableLength(fn, 'x', x as ArrayBufferView);
  return { dtype, op, attributes, kind, length };
}

/** checkRun for backend authors: returns the dtype, the op and its attributes. */
export function checkOpRunArguments(backend: string, ops: BackendOps, x: unknown, options: unknown): RunCall {
  return checkRun(backend, ops, x, options);
}

/**
 * The checks of a ReLU-only backend's run(): as checkOpRunArguments with ReLU on `supported`.
 * Returns the dtype.
 */
export function checkRunArguments(backend: string, supported: readonly DType[], x: unknown, options: unknown): DType {
  return checkRun(backend, { [RELU.name]: supported }, x, options).dtype;
}

export type { ReluTypedArray };
