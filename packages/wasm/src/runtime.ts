import { type Attributes, BackendDisposedError, BYTES_PER_ELEMENT, checkOptions, checkTypedArray, type DType, intrinsicBitsView, DTYPES, type Op, type OpName, RELU, type ReluTypedArray, resolveOp } from '@relu/core';
import { hardwareConcurrency, workerKind } from '#platform';
import { WasmSimdUnavailableError, argumentRangeError, argumentTypeError, describeBytes } from './errors.js';
import { isWasmSimdSupported, sharedMemoryUnavailableReason } from './feature-detection.js';
import { Heap, MAX_MEMORY_BYTES, PAGE_BYTES } from './heap.js';
import { InFlight } from './in-flight.js';
import type { Job } from './job.js';
import { KernelTable, attributeArguments } from './kernels.js';
import { integerOption } from './options.js';
import { type TensorBlock, WasmTensor, deadTensorError } from './tensor.js';
import { ThreadPool, type ThreadPoolOptions } from './thread-pool.js';

import { compileReluModule } from './wasm-binaries.js';

/**
 * Below this many bytes per tensor, runAsync() runs on the calling thread alone. Measured with
 * scripts/measure-threshold.mjs (Node 20, 2 cores, float32): up to 4 MiB one thread wins
 * (the data sits in the cache of the core that wrote it, and handing half to another core costs
 * more than it saves, besides the ~10 us wake-up); from 8 MiB on, two threads break even or win
 * (x1.2 to x1.7 at 16 MiB).
 */
export const DEFAULT_PARALLEL_THRESHOLD_BYTES = 8 * 1024 * 1024;

const DEFAULT_INITIAL_MEMORY_BYTES = 1024 * 1024;
/** 'auto' stops here: the kernels are memory-bound, and a few threads already saturate memory. */
const AUTO_THREADS_CAP = 8;
const MAX_THREADS = 256;

export interface WasmReluOptions {
  /**
   * Threads one runAsync() may use, the calling thread included: 1 (the default: no workers),
   * a number, or 'auto' (the hardware's parallelism, at most 8). More than 1 needs a shared
   * WebAssembly.Memory; where there is none (a browser page that is not cross-origin isolated)
   * or workers cannot start, the runtime falls back to 1 and says why in threadsUnavailableReason.
   */
  threads?: number | 'auto';
  /** Tensors of at least this many bytes are split across threads by runAsync(). Default 8 MiB. */
  parallelThresholdBytes?: number;
  /** Memory to start with (rounded up to 64 KiB pages). Default 1 MiB; it grows on demand. */
  initialMemoryBytes?: number;
  /** The most the memory may grow to (rounded down to 64 KiB pages). Default and limit: 4 GiB. */
  maximumMemoryBytes?: number;
}

const OPTION_KEYS = ['threads', 'parallelThresholdBytes', 'initialMemoryBytes', 'maximumMemoryBytes'] as const;

/** What a runtime is made of; the zero-copy API (WasmRelu) and the backend's array path share it. */
export interface RuntimeParts {
  readonly heap: Heap;
  readonly kernels: KernelTable;
  readonly pool: ThreadPool | undefined;
  readonly parallelThresholdBytes: number;
  /** Why threads did not start when they were asked for. */
  readonly threadsUnavailableReason: string | undefined;
  readonly inFlight: InFlight;
}

/** Choices the package makes for its own users of a runtime, never options of the public API. */
export interface InternalRuntimeOptions {
  /** A scratch region below the allocator, for the backend's synchronous copies. */
  readonly scratchBytes?: number;
  /** How the pool starts its workers (tests inject faults through it). */
  readonly pool?: ThreadPoolOptions;
}

/**
 * Compiles (once per realm) and instantiates the module on a new memory, and starts the worker
 * pool if options.threads asks for more than one thread. Throws WasmSimdUnavailableError where the
 * engine has no WebAssembly SIMD.
 */
export async function openRuntime(fn: string, options: unknown, internal: InternalRuntimeOptions = {}): Promise<RuntimeParts> {
  const opts = checkOptions(fn, options, OPTION_KEYS);
  const requestedThreads = threadsOption(fn, opts.threads);
  const parallelThresholdBytes = integerOption(fn, 'options.parallelThresholdBytes', opts.parallelThresholdBytes, 0, Number.MAX_SAFE_INTEGER, DEFAULT_PARALLEL_THRESHOLD_BYTES);
  const maximumBytes = integerOption(fn, 'options.maximumMemoryBytes', opts.maximumMemoryBytes, PAGE_BYTES, MAX_MEMORY_BYTES, MAX_MEMORY_BYTES);
  const initialBytes = integerOption(fn, 'options.initialMemoryBytes', opts.initialMemoryBytes, 0, maximumBytes, Math.min(DEFAULT_INITIAL_MEMORY_BYTES, maximumBytes));
  if (!isWasmSimdSupported()) throw new WasmSimdUnavailableError('WebAssembly.validate() rejects a module with a v128 instruction');

  let threadsUnavailableReason: string | undefined;
  let shared = false;
  if (requestedThreads > 1) {
    threadsUnavailableReason = sharedMemoryUnavailableReason();
    shared = threadsUnavailableReason === undefined;
  }
  const { memory, maximumBytes: memoryMaximum } = createMemory(shared, Math.ceil(initialBytes / PAGE_BYTES), Math.floor(maximumBytes / PAGE_BYTES), opts.maximumMemoryBytes !== undefined);
  const heap = new Heap(memory, memoryMaximum, internal.scratchBytes);
  const module = await compileReluModule(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = KernelTable.of(instance);
  let pool: ThreadPool | undefined;
  if (shared) {
    try {
      pool = await ThreadPool.create(module, memory, requestedThreads - 1, internal.pool);
    } catch (error) {
      threadsUnavailableReason = `worker threads could not start: ${(error as Error).message}`;
    }
  }
  return {
    heap,
    kernels,
    pool,
    parallelThresholdBytes,
    threadsUnavailableReason,
    inFlight: new InFlight(),
  };
}

/** The checked form of one zero-copy call: the job, the two tensors' blocks, the tensor it returns. */
interface TensorCall {
  readonly job: Job;
  readonly x: TensorBlock;
  readonly out: TensorBlock;
  readonly result: WasmTensor;
}

/**
 * The @relu/wasm module instantiated on its own WebAssembly.Memory, with an allocator over that
 * memory and, with threads, a pool of workers on the same (shared) memory. Tensors allocated
 * here stay in the memory, so run() on them copies nothing.
 */
export class WasmRelu {
  /** 'wasm' on one thread, 'wasm-threads' with a worker pool (even after it fell back to one thread). */
  readonly name: 'wasm' | 'wasm-threads';
  /** The memory every tensor of this runtime lives in. Its buffer changes when it grows. */
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is a shared WebAssembly.Memory (a SharedArrayBuffer). */
  readonly sharedMemory: boolean;
  readonly parallelThresholdBytes: number;
  /** What runs the workers: 'worker_threads', 'Web Worker', or 'none'. */
  readonly workerKind: string;
  readonly #parts: RuntimeParts;
  #closed: Promise<void> | undefined;

  /** @internal Made by createWasmRelu() or wasmBackend(). */
  constructor(parts: RuntimeParts) {
    this.#parts = parts;
    this.memory = parts.heap.memory;
    this.name = parts.pool === undefined ? 'wasm' : 'wasm-threads';
    parts.heap.ownerName = this.name;
    this.sharedMemory = typeof SharedArrayBuffer === 'function' && this.memory.buffer instanceof SharedArrayBuffer;
    this.parallelThresholdBytes = parts.parallelThresholdBytes;
    this.workerKind = parts.pool === undefined ? 'none' : workerKind;
  }

  /** Threads a large runAsync() runs on now, the calling thread included (live: lost workers lower it). */
  get threads(): number {
    return (this.#parts.pool?.workers ?? 0) + 1;
  }

  /** Why fewer threads than asked for run, when that is the case (live). */
  get threadsUnavailableReason(): string | undefined {
    return this.#parts.threadsUnavailableReason ?? this.#parts.pool?.fallbackReason;
  }

  /** Worker threads started to replace lost ones (died, crashed, ran out of memory, or hung). */
  get workerRestarts(): number {
    return this.#parts.pool?.restarts ?? 0;
  }

  /** A zero-filled tensor of `length` elements of `dtype` in this runtime's memory. */
  allocate<D extends DType>(dtype: D, length: number): WasmTensor<D> {
    return this.#allocate('WasmRelu.allocate', dtype, length, true);
  }

  /** A tensor holding a copy of `array`'s bits; a Uint16Array needs options.dtype 'float16' or 'bfloat16'. */
  from(array: Float32Array): WasmTensor<'float32'>;
  from(array: Float64Array): WasmTensor<'float64'>;
  from(array: Int8Array): WasmTensor<'int8'>;
  from(array: Int16Array): WasmTensor<'int16'>;
  from(array: Int32Array): WasmTensor<'int32'>;
  from(array: BigInt64Array): WasmTensor<'int64'>;
  from<D extends 'float16' | 'bfloat16'>(array: Uint16Array, options: { dtype: D }): WasmTensor<D>;
  from(array: ReluTypedArray, options?: { dtype?: DType }): WasmTensor;
  from(array: unknown, options?: unknown): WasmTensor {
    const fn = 'WasmRelu.from';
    const { dtype: dtypeOption } = checkOptions(fn, options, ['dtype'] as const);
    // The kind and length from x's internal slots: a subclass's `length` or `buffer` cannot redirect the copy.
    const { kind, dtype, length } = checkTypedArray(fn, 'array', array, dtypeOption);
    const tensor = this.#allocate(fn, dtype, length, false);
    (tensor.array as { set(source: ArrayLike<number>): void }).set(intrinsicBitsView(kind, array as ArrayBufferView, length) as ArrayLike<number>);
    return tensor;
  }

  /**
   * `op` (a name or an OPS descriptor of @relu/core) of x into out (default: x itself, in place),
   * on this thread, synchronously; returns out. Both must be tensors of this runtime with the same
   * dtype and length, a dtype the op is defined on; `attributes` are the op's (leakyRelu: { alpha }),
   * defaults filled in. The path is one WebAssembly call after a few property checks, cheap enough
   * for one-element tensors.
   */
  run<D extends DType>(op: OpName | Op, x: WasmTensor<D>, out?: WasmTensor<D>, attributes?: Attributes): WasmTensor<D> {
    const fn = 'WasmRelu.run';
    const resolved = resolveOp(fn, 'op', op);
    const { job, result } = this.#call(fn, resolved, x, out, attributesOf(fn, resolved, attributes));
    job.kernel.call(job.src, job.dst, job.n, job.attributes);
    return result as WasmTensor<D>;
  }

  /**
   * As run(), split across the worker threads when x has at least parallelThresholdBytes bytes and
   * the runtime has workers. The calling thread works on the job too, then waits: blocking briefly
   * where it may (Node, any worker: the work is usually done when this returns its promise), else
   * asynchronously. A worker that dies meanwhile is replaced and its share runs again elsewhere,
   * exactly, except for an op that cannot run twice on the same element (leakyRelu) in place:
   * that rejects, naming the elements it may have left half done. Do not free either tensor
   * before the promise settles (free() throws if you try).
   */
  runAsync<D extends DType>(op: OpName | Op, x: WasmTensor<D>, out?: WasmTensor<D>, attributes?: Attributes): Promise<WasmTensor<D>> {
    const fn = 'WasmRelu.runAsync';
    let call: TensorCall;
    try {
      const resolved = resolveOp(fn, 'op', op);
      call = this.#call(fn, resolved, x, out, attributesOf(fn, resolved, attributes));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#runAsync(call) as Promise<WasmTensor<D>>;
  }

  /** ReLU of x into out (default: x, in place), synchronously: run('relu', x, out). */
  relu<D extends DType>(x: WasmTensor<D>, out?: WasmTensor<D>): WasmTensor<D> {
    const { job, result } = this.#call('WasmRelu.relu', RELU, x, out, RELU.defaults);
    job.kernel.run(job.src, job.dst, job.n);
    return result as WasmTensor<D>;
  }

  /** ReLU of x into out (default: x), across threads when large: runAsync('relu', x, out). */
  reluAsync<D extends DType>(x: WasmTensor<D>, out?: WasmTensor<D>): Promise<WasmTensor<D>> {
    let call: TensorCall;
    try {
      call = this.#call('WasmRelu.reluAsync', RELU, x, out, RELU.defaults);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#runAsync(call) as Promise<WasmTensor<D>>;
  }

  /** Bytes held by live tensors (rounded up to 16-byte blocks). */
  get bytesInUse(): number {
    return this.#parts.heap.allocator.bytesInUse;
  }

  /** True once dispose() has begun. */
  get disposed(): boolean {
    return this.#parts.heap.state !== 'open';
  }

  /**
   * Refuses new runs from now on (BackendDisposedError), lets the asynchronous runs in flight
   * finish (their promises resolve as usual), then terminates the workers and ends every tensor
   * of this runtime (using one afterwards throws BackendDisposedError); the memory goes when
   * nothing references it. Never waits on a hung worker for longer than the pool's limit on one.
   * Idempotent: every call returns the same promise.
   */
  dispose(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    const { heap, inFlight, pool } = this.#parts;
    heap.state = 'closing';
    await inFlight.drain();
    await pool?.terminate(new BackendDisposedError(this.name));
    heap.state = 'disposed';
  }

  #runAsync(call: TensorCall): Promise<WasmTensor> {
    const { job, result } = call;
    const pool = this.#parts.pool;
    if (pool === undefined || job.n * job.kernel.elementBytes < this.parallelThresholdBytes) {
      try {
        job.kernel.call(job.src, job.dst, job.n, job.attributes);
      } catch (error) {
        return Promise.reject(error);
      }
      return Promise.resolve(result);
    }
    call.x.pins++;
    call.out.pins++;
    const unpin = (): void => {
      call.x.pins--;
      call.out.pins--;
    };
    return this.#parts.inFlight.track(pool.run(job).then(() => result).finally(unpin));
  }

  /**
   * Every check of a zero-copy call, in one place: both tensors (out undefined: in place), their
   * agreement, the runtime's state, the op's dtype.
   */
  #call(fn: string, op: Op, x: unknown, out: unknown, attributes: Readonly<Record<string, number>>): TensorCall {
    const heap = this.#parts.heap;
    const xBlock = x instanceof WasmTensor ? x.blockIn(heap) : undefined;
    if (xBlock === undefined) throw notOwnTensor(fn, 'x', x);
    const tensor = x as WasmTensor;
    let outBlock = xBlock;
    if (out !== undefined && out !== x) {
      const block = out instanceof WasmTensor ? out.blockIn(heap) : undefined;
      if (block === undefined) throw notOwnTensor(fn, 'out', out);
      if ((out as WasmTensor).dtype !== tensor.dtype || (out as WasmTensor).length !== tensor.length) throw mismatch(fn, tensor, out as WasmTensor);
      outBlock = block;
    }
    if (heap.state === 'closing') throw new BackendDisposedError(heap.ownerName);
    if (xBlock.address < 0 || outBlock.address < 0 || heap.state !== 'open') throw deadTensorError(heap, fn, xBlock.address < 0 ? 'x' : 'out');
    const kernel = this.#parts.kernels.get(op.name, tensor.dtype);
    if (kernel === undefined) throw notDefinedError(fn, op, tensor.dtype);
    return {
      job: { kernel, src: xBlock.address, dst: outBlock.address, n: tensor.length, attributes: attributeArguments(kernel, attributes) },
      x: xBlock,
      out: outBlock,
      result: (out === undefined ? x : out) as WasmTensor,
    };
  }

  #allocate<D extends DType>(fn: string, dtype: D, length: number, zeroFill: boolean): WasmTensor<D> {
    const heap = this.#parts.heap;
    if (heap.state !== 'open') throw new BackendDisposedError(this.name);
    if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
      throw argumentTypeError(fn, 'dtype', `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
    }
    if (typeof length !== 'number' || Number.isNaN(length) || (Number.isFinite(length) && !Number.isInteger(length))) {
      throw argumentTypeError(fn, 'length', 'a non-negative integer number of elements', length);
    }
    if (length < 0) throw argumentRangeError(fn, 'length', 'a non-negative integer number of elements', length);
    const bytes = length * BYTES_PER_ELEMENT[dtype];
    const limit = heap.maximumBytes;
    if (!(bytes <= limit)) {
      throw new RangeError(
        `${fn}: ${length} ${dtype} elements need ${describeBytes(bytes)}, more than this WebAssembly memory can ever hold ` +
          `(${describeBytes(limit)}; WebAssembly memory addresses are 32-bit, so 4 GiB is the limit)`,
      );
    }
    const block = heap.allocator.allocate(fn, bytes);
    if (zeroFill && !block.fresh) new Uint8Array(this.memory.buffer, block.address, block.size).fill(0);
    return new WasmTensor({ heap, address: block.address, size: block.size, pins: 0 }, dtype, length);
  }
}

/**
 * The op's attributes, checked, with defaults filled in; no attributes at all are the defaults
 * themselves, with no check to pay on the zero-copy path.
 */
function attributesOf(fn: string, op: Op, attributes: unknown): Readonly<Record<string, number>> {
  return attributes === undefined ? op.defaults : op.checkAttributes(fn, 'attributes', attributes);
}

/** createWasmRelu(options): a WasmRelu (see WasmReluOptions). */
export async function createWasmRelu(options?: WasmReluOptions): Promise<WasmRelu> {
  return new WasmRelu(await openRuntime('createWasmRelu', options));
}

/** An op on a dtype it is not defined on: the TypeError @relu/core's checks give, naming the op. */
export function notDefinedError(fn: string, op: Op, dtype: DType): TypeError {
  return new TypeError(`${fn}: ${op.name} is not defined on '${dtype}'; it is defined on ${op.dtypes.map((d) => `'${d}'`).join(', ')}`);
}

function notOwnTensor(fn: string, name: string, value: unknown): TypeError {
  if (value instanceof WasmTensor) {
    return new TypeError(`${fn}: ${name} is a WasmTensor of another WasmRelu; tensors work only with the WasmRelu that allocated them`);
  }
  return argumentTypeError(fn, name, 'a WasmTensor allocated by this WasmRelu', value);
}

function mismatch(fn: string, x: WasmTensor, out: WasmTensor): TypeError | RangeError {
  if (out.dtype !== x.dtype) return new TypeError(`${fn}: out holds '${out.dtype}' but x holds '${x.dtype}'; they must match`);
  return argumentRangeError(fn, 'out.length', `${x.length}, the length of x`, String(out.length));
}

function threadsOption(fn: string, value: unknown): number {
  if (value === 'auto') return Math.max(1, Math.min(AUTO_THREADS_CAP, hardwareConcurrency()));
  if (typeof value === 'string') throw argumentTypeError(fn, 'options.threads', `a positive integer or 'auto'`, value);
  return integerOption(fn, 'options.threads', value, 1, MAX_THREADS, 1);
}

/**
 * A shared memory must declare its maximum, and the engine reserves that much address space up
 * front, which a 32-bit or memory-starved browser may refuse for 4 GiB: without an explicit
 * maximum, halve it until the engine agrees.
 */
function createMemory(shared: boolean, initialPages: number, maximumPages: number, explicitMaximum: boolean): { memory: WebAssembly.Memory; maximumBytes: number } {
  for (let pages = maximumPages; ; pages = Math.floor(pages / 2)) {
    try {
      const descriptor: WebAssembly.MemoryDescriptor = { initial: initialPages, shared };
      if (shared || explicitMaximum) descriptor.maximum = pages;
      return { memory: new WebAssembly.Memory(descriptor), maximumBytes: pages * PAGE_BYTES };
    } catch (error) {
      if (explicitMaximum || !shared || pages / 2 < Math.max(initialPages, 1)) {
        throw new RangeError(`createWasmRelu: cannot create a WebAssembly memory of ${describeBytes(initialPages * PAGE_BYTES)} (maximum ${describeBytes(pages * PAGE_BYTES)}): ${(error as Error).message}`);
      }
    }
  }
}
