import {
  type Attributes,
  BackendDisposedError,
  type BackendOps,
  type CheckedRun,
  type DType,
  DTYPES,
  type Op,
  OPS,
  type OpName,
  type ReluBackend,
  type ReluTypedArray,
  type RunOptions,
  checkRun,
  describeValue,
} from '@relu/core';
import { backendName } from './capabilities.js';
import { type KindConstructor, captureInput, releaseInput, viewAs } from './capture.js';
import { ExecutionProviderUnavailableError, OnnxRuntimeError, type OnnxRuntimeStage } from './errors.js';
import { InputPool } from './input-pool.js';
import { defaultOpset, onnxOperator, opModel } from './model.js';
import { type ResolvedOptions, checkBackendOptions } from './options.js';
import { type Runtime, type RuntimeLoader, ORT_TENSOR_TYPE } from './runtime.js';
import { SessionCache } from './session-cache.js';

/** At most this many sessions stay cached per backend; idle ones are released least recently used first. */
export const MAX_CACHED_SESSIONS = 16;

/** One checked call: what runs, on what, and the session key that computes it. */
interface Call {
  readonly op: Op;
  readonly attributes: Attributes;
  readonly dtype: DType;
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

/** Whether two checked attribute sets of `op` hold the same values (each attribute the op has). */
function sameAttributes(op: Op, a: Attributes, b: Attributes): boolean {
  for (const name in op.defaults) if (!Object.is(a[name], b[name])) return false;
  return true;
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
  /**
   * The call of each op on each dtype at the op's default attributes (what a run without
   * attributes asks for), made once: building a session key costs more than the checks.
   */
  readonly #defaultCalls: Partial<Record<OpName, Partial<Record<DType, Call>>>> = {};
  /** The last call with attributes other than the defaults. */
  #lastCall: Call | undefined;

  constructor(runtime: Runtime, options: ResolvedOptions) {
    this.#runtime = runtime;
    this.#canonical = options.canonical;
    this.#sessions = new SessionCache(MAX_CACHED_SESSIONS, runtime.sharedLock);
    this.name = backendName(runtime.executionProvider, options.canonical);
    this.#fn = `${this.name}.run`;
    this.ops = Object.freeze(Object.fromEntries(Object.entries(runtime.ops).map(([op, dtypes]) => [op, Object.freeze([...dtypes])])));
    this.dtypes = this.ops.relu ?? Object.freeze([]);
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
    // Every check of the contract; x's kind and length come from its internal slots, and x is read
    // through them only (a subclass or an array posing as another type cannot redirect the copy).
    const checked = checkRun(this.name, this.ops, x, options);
    const call = this.#callOf(checked);
    // Captured here, before any await: nothing the caller does to x from now on changes the result.
    const input = captureInput(checked, x, this.#inputs);
    const n = checked.length;
    if (n === 0) return new checked.kind.Constructor(0) as T;
    this.#pending++;
    try {
      const limit = this.#limits[call.dtype];
      const y = n <= limit ? await this.#runOnce(call, input) : await this.#runSplit(call, input, limit);
      if (this.#canonical) call.op.repair(call.dtype, call.attributes as never, input, y);
      return viewAs(checked.kind.Constructor, y, n) as T;
    } finally {
      // onnxruntime has read the input (or failed) and the repair is done: its memory is free again.
      releaseInput(input, this.#inputs);
      if (--this.#pending === 0) this.#drained?.();
    }
  }

  /**
   * The call of a checked run: made once per op and dtype at the default attributes; with other
   * attributes, the previous such call is reused while op, dtype and every attribute repeat.
   */
  #callOf({ op, dtype, attributes }: CheckedRun): Call {
    if (attributes === op.defaults) {
      const byDType = (this.#defaultCalls[op.name] ??= {});
      return (byDType[dtype] ??= { op, attributes, dtype, key: modelKey(op, attributes, dtype) });
    }
    const last = this.#lastCall;
    if (last !== undefined && last.op === op && last.dtype === dtype && sameAttributes(op, last.attributes, attributes)) return last;
    return (this.#lastCall = { op, attributes, dtype, key: modelKey(op, attributes, dtype) });
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
