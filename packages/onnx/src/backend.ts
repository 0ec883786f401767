import { BackendDisposedError, DTYPES, type DType, type ReluBackend, type ReluTypedArray, type RunOptions, checkRunArguments } from '@relu/core';
import { type ExecutionProvider, EXECUTION_PROVIDERS, backendName } from './capabilities.js';
import { needsRepair, repairInPlace } from './canonical.js';
import { reluModel } from './model.js';
import { Mutex } from './mutex.js';
import { type OrtSessionLike, type Runtime, type RuntimeLoader, ORT_TENSOR_TYPE } from './runtime.js';

export interface OnnxBackendOptions {
  /** 'cpu' (onnxruntime-node, Node only), 'wasm' (onnxruntime-web, Node or browser), 'webgl' or 'webgpu' (onnxruntime-web, browser only). */
  readonly executionProvider: ExecutionProvider;
  /**
   * false (default): return exactly what the runtime computed. true: repair the result to
   * SPEC.md's ReLU (restoring -0 → +0, NaN and subnormals from the input), bit-identical to
   * @relu/core on every execution provider.
   */
  readonly canonical?: boolean;
  /**
   * Threads: 'cpu' sets the session's intraOpNumThreads (default: onnxruntime's, one per core);
   * 'wasm'/'webgpu' set onnxruntime-web's env.wasm.numThreads before it starts (default 1; the
   * first backend of a page or process decides it). Ignored by 'webgl'.
   */
  readonly numThreads?: number;
  /**
   * The most elements one session.run gets; longer inputs are split into runs of at most this
   * many. Default: the execution provider's limit (WebGL: MAX_TEXTURE_SIZE^2; WebGPU: the
   * adapter's maxStorageBufferBindingSize in elements; cpu and wasm: none).
   */
  readonly maxElementsPerRun?: number;
}

const OPTION_KEYS = ['executionProvider', 'canonical', 'numThreads', 'maxElementsPerRun'];

/** At most this many fixed-length (WebGL) sessions stay cached per backend; idle ones are released oldest first. */
export const MAX_FIXED_SESSIONS = 16;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

interface ResolvedOptions {
  readonly executionProvider: ExecutionProvider;
  readonly canonical: boolean;
  readonly numThreads: number | undefined;
  readonly maxElementsPerRun: number | undefined;
}

export function checkBackendOptions(options: unknown): ResolvedOptions {
  const fn = 'onnxBackend';
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object { executionProvider, canonical?, numThreads?, maxElementsPerRun? }; got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new TypeError(`${fn}: options has an unknown key ${JSON.stringify(key)}; the known keys are ${OPTION_KEYS.join(', ')}`);
  }
  const { executionProvider, canonical = false, numThreads, maxElementsPerRun } = options as Record<string, unknown>;
  const eps = EXECUTION_PROVIDERS.map((e) => `'${e}'`).join(' | ');
  if (typeof executionProvider !== 'string') throw new TypeError(`${fn}: options.executionProvider must be one of ${eps}; got ${describe(executionProvider)}`);
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(executionProvider)) {
    throw new RangeError(`${fn}: options.executionProvider must be one of ${eps}; got ${describe(executionProvider)}`);
  }
  if (typeof canonical !== 'boolean') throw new TypeError(`${fn}: options.canonical must be a boolean; got ${describe(canonical)}`);
  const positiveInteger = (name: string, value: unknown, max: number): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number') throw new TypeError(`${fn}: options.${name} must be a positive integer; got ${describe(value)}`);
    if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new RangeError(`${fn}: options.${name} must be an integer from 1 to ${max}; got ${value}`);
    return value;
  };
  return {
    executionProvider: executionProvider as ExecutionProvider,
    canonical,
    numThreads: positiveInteger('numThreads', numThreads, 1024),
    maxElementsPerRun: positiveInteger('maxElementsPerRun', maxElementsPerRun, Number.MAX_SAFE_INTEGER),
  };
}

interface SessionEntry {
  readonly key: string;
  readonly ready: Promise<OrtSessionLike>;
  session: OrtSessionLike | undefined;
  /** Serializes runs of this session when the runtime has no shared lock. */
  readonly lock: Mutex;
  /** Runs holding this entry (an entry in use is never evicted). */
  users: number;
  lastUse: number;
  /** The dims of the last run, reused while the length repeats. */
  dims: number[];
}

type TypedArrayConstructor = new (lengthOrBuffer: number | ArrayBufferLike, byteOffset?: number, length?: number) => ReluTypedArray;

/**
 * The ReluBackend over one onnxruntime execution provider. Sessions (one per dtype, one per dtype
 * and length for fixed-shape providers) are created on first use, cached and reused; every
 * session.run goes through a lock (the runtime's shared one, or the session's own).
 */
class OnnxBackend implements ReluBackend {
  readonly name: string;
  readonly dtypes: readonly DType[];
  readonly info: Readonly<Record<string, string | number | boolean>>;
  readonly #runtime: Runtime;
  readonly #canonical: boolean;
  readonly #sessions = new Map<string, SessionEntry>();
  #disposed = false;
  #disposing: Promise<void> | undefined;
  #pending = 0;
  #drained: (() => void) | undefined;
  #tick = 0;
  /** The dtype of each plain typed array constructor this backend runs (Uint16Array needs options.dtype). */
  readonly #fastDTypes = new Map<unknown, DType>();
  /** The most elements per session.run, per dtype. */
  readonly #limits: Record<DType, number>;

  constructor(runtime: Runtime, options: ResolvedOptions) {
    this.#runtime = runtime;
    this.#canonical = options.canonical;
    this.name = backendName(runtime.executionProvider, options.canonical);
    this.dtypes = Object.freeze([...runtime.dtypes]);
    const float16Array = (globalThis as { Float16Array?: unknown }).Float16Array;
    const constructors: [DType, unknown][] = [
      ['float32', Float32Array],
      ['float64', Float64Array],
      ['int8', Int8Array],
      ['int16', Int16Array],
      ['int32', Int32Array],
      ['int64', BigInt64Array],
      ['float16', float16Array],
    ];
    for (const [dtype, constructor] of constructors) if (constructor && this.dtypes.includes(dtype)) this.#fastDTypes.set(constructor, dtype);
    this.#limits = Object.fromEntries(
      DTYPES.map((dtype) => [dtype, Math.min(runtime.maxElementsPerRun(dtype), options.maxElementsPerRun ?? Number.POSITIVE_INFINITY)]),
    ) as Record<DType, number>;
    this.info = Object.freeze({
      runtime: runtime.runtime,
      executionProvider: runtime.executionProvider,
      canonical: options.canonical,
      opset: 14,
      ...runtime.info,
    });
  }

  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    if (this.#disposed) throw new BackendDisposedError(this.name);
    // Fast path for the common call (a plain typed array of a listed dtype, no options); anything
    // else, and every error, goes through the contract's own checks.
    let dtype = options === undefined && ArrayBuffer.isView(x) ? this.#fastDTypes.get(x.constructor) : undefined;
    if (dtype === undefined || x.length === 0) dtype = checkRunArguments(this.name, this.dtypes, x, options);
    const n = x.length;
    if (n === 0) return new (x.constructor as TypedArrayConstructor)(0) as T;
    this.#pending++;
    try {
      const y = n <= this.#limits[dtype] ? await this.#runOnce(dtype, x) : await this.#runSplit(dtype, x, this.#limits[dtype]);
      if (this.#canonical && needsRepair(dtype)) repairInPlace(dtype, x, y);
      return y;
    } finally {
      if (--this.#pending === 0) this.#drained?.();
    }
  }

  #runOnce<T extends ReluTypedArray>(dtype: DType, x: T): Promise<T> {
    const entry = this.#entry(dtype, x.length);
    // Counted as in use from here, so that eviction never releases a session a run waits for.
    entry.users++;
    const session = entry.session;
    if (session) return this.#runSession(entry, session, dtype, x);
    return entry.ready.then(
      (created) => this.#runSession(entry, created, dtype, x),
      (error: unknown) => {
        entry.users--;
        throw error;
      },
    );
  }

  async #runSession<T extends ReluTypedArray>(entry: SessionEntry, session: OrtSessionLike, dtype: DType, x: T): Promise<T> {
    const n = x.length;
    let dims = entry.dims;
    if (dims[0] !== n) entry.dims = dims = [n];
    const feeds = { X: new this.#runtime.Tensor(ORT_TENSOR_TYPE[dtype], x, dims) };
    const lock = this.#runtime.sharedLock ?? entry.lock;
    const wait = lock.acquire();
    try {
      if (wait) await wait;
      const results = await session.run(feeds);
      return sameType(x, results.Y!.data);
    } finally {
      lock.release();
      entry.users--;
      entry.lastUse = ++this.#tick;
    }
  }

  /** Runs x in consecutive pieces of at most `limit` elements into one output. */
  async #runSplit<T extends ReluTypedArray>(dtype: DType, x: T, limit: number): Promise<T> {
    const n = x.length;
    const y = new (x.constructor as TypedArrayConstructor)(n) as T;
    for (let start = 0; start < n; start += limit) {
      const part = await this.#runOnce(dtype, x.subarray(start, Math.min(n, start + limit)) as T);
      (y as unknown as { set(a: ArrayLike<unknown>, offset: number): void }).set(part as unknown as ArrayLike<unknown>, start);
    }
    return y;
  }

  #entry(dtype: DType, length: number): SessionEntry {
    const fixed = this.#runtime.fixedShape;
    const key = fixed ? `${dtype}:${length}` : dtype;
    const cached = this.#sessions.get(key);
    if (cached) return cached;
    const runtime = this.#runtime;
    const create = () => runtime.createSession(reluModel({ dtype, shape: fixed ? [length] : undefined }), dtype);
    const entry: SessionEntry = {
      key,
      ready: (runtime.sharedLock ? runtime.sharedLock.run(create) : create()).then(
        (session) => {
          entry.session = session;
          return session;
        },
        (error: unknown) => {
          // Not cached: a later run tries again (e.g. after a lost device).
          if (this.#sessions.get(key) === entry) this.#sessions.delete(key);
          throw error;
        },
      ),
      session: undefined,
      lock: new Mutex(),
      users: 0,
      lastUse: ++this.#tick,
      dims: [length],
    };
    // The rejection is the caller's to handle; keep the cached promise from reporting it twice.
    entry.ready.catch(() => {});
    this.#sessions.set(key, entry);
    if (fixed) this.#evictIdle();
    return entry;
  }

  /** Keeps at most MAX_FIXED_SESSIONS sessions, releasing the least recently used idle ones. */
  #evictIdle(): void {
    if (this.#sessions.size <= MAX_FIXED_SESSIONS) return;
    const idle = [...this.#sessions.values()].filter((e) => e.users === 0 && e.session !== undefined).sort((a, b) => a.lastUse - b.lastUse);
    for (const entry of idle.slice(0, this.#sessions.size - MAX_FIXED_SESSIONS)) {
      this.#sessions.delete(entry.key);
      void this.#release(entry);
    }
  }

  async #release(entry: SessionEntry): Promise<void> {
    let session: OrtSessionLike;
    try {
      session = await entry.ready;
    } catch {
      return;
    }
    await (this.#runtime.sharedLock ?? entry.lock).run(() => session.release());
  }

  dispose(): Promise<void> {
    if (!this.#disposing) {
      this.#disposed = true;
      this.#disposing = (async () => {
        // Runs that started before dispose() finish normally; then every session is released.
        if (this.#pending > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
        const entries = [...this.#sessions.values()];
        this.#sessions.clear();
        await Promise.all(entries.map((entry) => this.#release(entry)));
      })();
    }
    return this.#disposing;
  }
}

/**
 * The runtime's output as the type of x: onnxruntime returns float16 as Float16Array where that
 * exists and as Uint16Array elsewhere; the same bits are viewed as x's type, without a copy.
 */
function sameType<T extends ReluTypedArray>(x: T, data: unknown): T {
  const Constructor = x.constructor as TypedArrayConstructor;
  if ((data as object).constructor === Constructor) return data as T;
  const view = data as ArrayBufferView & { length: number };
  if (ArrayBuffer.isView(view) && view.byteLength === x.byteLength) return new Constructor(view.buffer, view.byteOffset, x.length) as T;
  throw new TypeError(`onnxBackend: the runtime returned ${Object.prototype.toString.call(data)} for a ${Constructor.name} input`);
}

/** Validates options, loads the runtime of the execution provider (which probes it) and returns the backend. */
export async function createOnnxBackend(options: unknown, load: RuntimeLoader): Promise<ReluBackend> {
  const resolved = checkBackendOptions(options);
  const runtime = await load(resolved.executionProvider, { numThreads: resolved.numThreads });
  return new OnnxBackend(runtime, resolved);
}
