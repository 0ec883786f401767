import {
  type Attributes,
  BackendDisposedError,
  type BackendOps,
  type DType,
  DTYPES,
  type Op,
  OPS,
  type OpName,
  RELU,
  type ReluBackend,
  type ReluTypedArray,
  type RunOptions,
  checkOpRunArguments,
  describeValue,
  typedArrayName,
} from '@relu/core';
import { backendName } from './capabilities.js';
import { type KindConstructor, captureInput, intrinsicLength, kindConstructor, releaseInput, viewAs } from './capture.js';
import { ExecutionProviderUnavailableError, OnnxRuntimeError, type OnnxRuntimeStage } from './errors.js';
import { InputPool } from './input-pool.js';
import { defaultOpset, onnxOperator, opModel } from './model.js';
import { type ResolvedOptions, checkBackendOptions } from './options.js';
import { type Runtime, type RuntimeLoader, ORT_TENSOR_TYPE } from './runtime.js';
import { SessionCache } from './session-cache.js';

/** At most this many sessions stay cached per backend; idle ones are released least recently used first. */
export const MAX_CACHED_SESSIONS = 16;

/** The dtype each self-describing typed array kind holds (Uint16Array needs options.dtype). */
const DTYPE_OF_KIND: ReadonlyMap<string, DType> = new Map([
  ['Float32Array', 'float32'],
  ['Float64Array', 'float64'],
  ['Float16Array', 'float16'],
  ['Int8Array', 'int8'],
  ['Int16Array', 'int16'],
  ['Int32Array', 'int32'],
  ['BigInt64Array', 'int64'],
]);

/** One checked call: what runs, on what, and the session key that computes it. */
interface Call {
  readonly op: Op;
  readonly attributes: Attributes;
  readonly dtype: DType;
  /** The kind of array the caller gets back: x's, read from its internal slot. */
  readonly Kind: KindConstructor;
  /** The session key without the length (op, dtype, and the attributes as the model holds them). */
  readonly key: string;
}

/**
 * The key of the model an op call needs: attributes enter as the model stores them (a FLOAT
 * attribute rounded to float32), so alphas with the same float32 share one session.
 */
function modelKey(op: Op, attributes: Attributes, dtype: DType): string {
  const floats = Object.entries(op.onnx.floatAttributes(attributes)).map(([name, value]) => `${name}=${Math.fround(value)}`);
  const scalars = op.onnx.scalarInputs(attributes).map(({ name, value }) => `${name}=${value}`);
  return [op.name, dtype, ...floats, ...scalars].join(' ');
}

/**
 * The ReluBackend over one onnxruntime execution provider. run() checks its arguments, copies x
 * (before anything is awaited), runs the op's one-node model on a cached session and, in
 * canonical mode, repairs the result with the op's canonical repair from @relu/core.
 */
class OnnxBackend implements ReluBackend {
  readonly name: string;
  readonly dtypes: readonly DType[];
  readonly ops: BackendOps;
  readonly info: Readonly<Record<string, string | number | boolean>>;
  readonly #runtime: Runtime;
  readonly #canonical: boolean;
  /** `${name}.run`, the function name in argument errors. */
  readonly #fn: string;
  readonly #sessions: SessionCache;
  /** Memory for the captured copies of large inputs, reused from run to run. */
  readonly #inputs = new InputPool();
  #disposed = false;
  #disposing: Promise<void> | undefined;
  #pending = 0;
  #drained: (() => void) | undefined;
  /** The most elements per session.run, per dtype. */
  readonly #limits: Readonly<Record<DType, number>>;
  /** The checked call of a plain typed array with no options (ReLU), per array kind: the hot path. */
  readonly #reluCalls = new Map<string, Call>();

  constructor(runtime: Runtime, options: ResolvedOptions) {
    this.#runtime = runtime;
    this.#canonical = options.canonical;
    this.#sessions = new SessionCache(MAX_CACHED_SESSIONS, runtime.sharedLock);
    this.name = backendName(runtime.executionProvider, options.canonical);
    this.#fn = `${this.name}.run`;
    this.ops = Object.freeze(Object.fromEntries(Object.entries(runtime.ops).map(([op, dtypes]) => [op, Object.freeze([...dtypes])])));
    this.dtypes = this.ops.relu ?? Object.freeze([]);
    for (const [kind, dtype] of DTYPE_OF_KIND) {
      const Kind = kindConstructor(kind); // Float16Array only where the platform has it
      if (Kind && this.dtypes.includes(dtype)) this.#reluCalls.set(kind, { op: RELU, attributes: RELU.defaults, dtype, Kind, key: modelKey(RELU, RELU.defaults, dtype) });
    }
    this.#limits = Object.fromEntries(
      DTYPES.map((dtype) => [dtype, Math.min(runtime.maxElementsPerRun(dtype), options.maxElementsPerRun ?? Number.POSITIVE_INFINITY)]),
    ) as Record<DType, number>;
    const operators = (Object.keys(this.ops) as OpName[]).map((name) => {
      const operator = onnxOperator(OPS[name] as Op, defaultOpset(OPS[name] as Op))!;
      return `${name}: ${operator.opType}-${operator.since} (opset ${defaultOpset(OPS[name] as Op)})`;
    });
    this.info = Object.freeze({
      runtime: runtime.runtime,
      executionProvider: runtime.executionProvider,
      canonical: options.canonical,
      onnx: operators.join(', '),
      ...runtime.info,
    });
  }

  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    if (this.#disposed) throw new BackendDisposedError(this.name);
    // The common call (a plain typed array of a ReLU dtype, no options) skips to a cached check;
    // anything else, and every error, goes through the contract's own checks. A detached or
    // out-of-bounds buffer reads as length 0 and so takes the full checks too.
    let call = options === undefined && ArrayBuffer.isView(x) ? this.#reluCalls.get(typedArrayName(x)) : undefined;
    if (call === undefined || intrinsicLength(x) === 0) call = this.#check(x, options);
    // Captured here, before any await: nothing the caller does to x from now on changes the result.
    const input = captureInput(this.#fn, call.dtype, x, this.#inputs);
    const n = input.length;
    if (n === 0) return new call.Kind(0) as T;
    this.#pending++;
    try {
      const limit = this.#limits[call.dtype];
      const y = n <= limit ? await this.#runOnce(call, input) : await this.#runSplit(call, input, limit);
      if (this.#canonical) call.op.repair(call.dtype, call.attributes as never, input, y);
      return viewAs(call.Kind, y, n) as T;
    } finally {
      // onnxruntime has read the input (or failed) and the repair is done: its memory is free again.
      releaseInput(input, this.#inputs);
      if (--this.#pending === 0) this.#drained?.();
    }
  }

  #check(x: unknown, options: unknown): Call {
    const { op, attributes, dtype } = checkOpRunArguments(this.name, this.ops, x, options);
    return { op, attributes: attributes as Attributes, dtype, Kind: kindConstructor(typedArrayName(x as ArrayBufferView)), key: modelKey(op, attributes as Attributes, dtype) };
  }

  /** One session.run of the whole input, on the cached session of the call (made on first use). */
  async #runOnce(call: Call, input: ReluTypedArray): Promise<ReluTypedArray> {
    const n = input.length;
    const fixed = this.#runtime.fixedShape;
    const entry = this.#sessions.use(fixed ? `${call.key} n=${n}` : call.key, () => this.#createSession(call, fixed ? n : undefined));
    let data: unknown;
    try {
      let session = entry.session;
      if (!session) {
        try {
          session = await entry.ready;
        } catch (error) {
          throw this.#runtimeError('session creation', call, n, error);
        }
      }
      let dims = entry.dims;
      if (dims[0] !== n) entry.dims = dims = [n];
      const feeds = { X: new this.#runtime.Tensor(ORT_TENSOR_TYPE[call.dtype], input, dims) };
      const wait = entry.lock.acquire();
      try {
        if (wait) await wait;
        data = (await session.run(feeds)).Y?.data;
      } catch (error) {
        throw this.#runtimeError('run', call, n, error);
      } finally {
        entry.lock.release();
      }
    } finally {
      this.#sessions.done(entry);
    }
    const y = viewAs(input.constructor as KindConstructor, data, n);
    if (!y) throw this.#runtimeError('run', call, n, new TypeError(`the output Y is ${describeValue(data)}, not ${n} elements of ${call.dtype}`));
    return y;
  }

  #createSession(call: Call, length: number | undefined) {
    const model = opModel({ op: call.op, attributes: call.attributes, dtype: call.dtype, ...(length === undefined ? {} : { shape: [length] }) });
    return this.#runtime.createSession({ op: call.op, attributes: call.attributes, dtype: call.dtype, model });
  }

  /** Runs x in consecutive pieces of at most `limit` elements into one output. */
  async #runSplit(call: Call, input: ReluTypedArray, limit: number): Promise<ReluTypedArray> {
    const n = input.length;
    const y = new (input.constructor as new (length: number) => ReluTypedArray)(n);
    for (let start = 0; start < n; start += limit) {
      const part = await this.#runOnce(call, input.subarray(start, Math.min(n, start + limit)) as ReluTypedArray);
      (y as Float32Array).set(part as Float32Array, start);
    }
    return y;
  }

  #runtimeError(stage: OnnxRuntimeStage, call: Call, n: number, error: unknown): unknown {
    // Errors this package raises itself (an execution provider that failed its checks) are already typed.
    if (error instanceof ExecutionProviderUnavailableError || error instanceof OnnxRuntimeError) return error;
    return new OnnxRuntimeError(this.name, this.#runtime.executionProvider, 'x', stage, `${call.op.name} on ${n} ${call.dtype} elements`, error);
  }

  dispose(): Promise<void> {
    if (!this.#disposing) {
      this.#disposed = true;
      this.#disposing = (async () => {
        // Runs that started before dispose() finish normally; then every session is released.
        if (this.#pending > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
        this.#inputs.clear();
        await this.#sessions.clear();
      })();
    }
    return this.#disposing;
  }
}

/** Validates options, loads the runtime of the execution provider (which probes it) and returns the backend. */
export async function createOnnxBackend(options: unknown, load: RuntimeLoader): Promise<ReluBackend> {
  const resolved = checkBackendOptions(options);
  const runtime = await load(resolved.executionProvider, { numThreads: resolved.numThreads });
  return new OnnxBackend(runtime, resolved);
}
