import { BYTES_PER_ELEMENT, BackendDisposedError, type DType, DTYPES, type ReluTypedArray } from '@relu/core';
import { hardwareConcurrency, workerKind } from '#platform';
import { WasmSimdUnavailableError, argumentRangeError, argumentTypeError, describeBytes } from './errors.js';
import { isWasmSimdSupported, sharedMemoryUnavailableReason } from './feature-detection.js';
import { Heap, MAX_MEMORY_BYTES, PAGE_BYTES } from './heap.js';
import { KERNEL_EXPORTS, type Kernels, kernelsOf } from './kernels.js';
import { checkOptionsObject, integerOption } from './options.js';
import { WasmTensor, createTensor, pinTensor, reluTensors, tensorPair } from './tensor.js';
import { ThreadPool } from './thread-pool.js';
import { bitsOf, dtypeOfArray } from './typed-arrays.js';
import { compileReluModule } from './wasm-binaries.js';

/**
 * Below this many bytes per tensor, reluAsync() runs on the calling thread alone. Measured with
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
   * Threads one reluAsync() may use, the calling thread included: 1 (the default: no workers),
   * a number, or 'auto' (the hardware's parallelism, at most 8). More than 1 needs a shared
   * WebAssembly.Memory; where there is none (a browser page that is not cross-origin isolated)
   * or workers cannot start, the runtime falls back to 1 and says why in threadsUnavailableReason.
   */
  threads?: number | 'auto';
  /** Tensors of at least this many bytes are split across threads by reluAsync(). Default 8 MiB. */
  parallelThresholdBytes?: number;
  /** Memory to start with (rounded up to 64 KiB pages). Default 1 MiB; it grows on demand. */
  initialMemoryBytes?: number;
  /** The most the memory may grow to (rounded down to 64 KiB pages). Default and limit: 4 GiB. */
  maximumMemoryBytes?: number;
}

const OPTION_KEYS = ['threads', 'parallelThresholdBytes', 'initialMemoryBytes', 'maximumMemoryBytes'] as const;

interface RuntimeParts {
  heap: Heap;
  kernels: Kernels;
  pool: ThreadPool | undefined;
  parallelThresholdBytes: number;
  threadsUnavailableReason: string | undefined;
}

/** createWasmRelu() is the one way to make a WasmRelu; assigned in WasmRelu's static block. */
let constructRuntime: (parts: RuntimeParts) => WasmRelu;

/**
 * The @relu/wasm module instantiated on its own WebAssembly.Memory, with an allocator over that
 * memory and, with threads, a pool of workers on the same (shared) memory. Tensors allocated
 * here stay in the memory, so relu() on them copies nothing.
 */
export class WasmRelu {
  /** 'wasm' on one thread, 'wasm-threads' with a worker pool. */
  readonly name: 'wasm' | 'wasm-threads';
  /** The memory every tensor of this runtime lives in. Its buffer changes when it grows. */
  readonly memory: WebAssembly.Memory;
  /** Threads a large reluAsync() runs on, the calling thread included. */
  readonly threads: number;
  /** Whether the memory is a shared WebAssembly.Memory (a SharedArrayBuffer). */
  readonly sharedMemory: boolean;
  readonly parallelThresholdBytes: number;
  /** Why fewer threads than asked for run, when that is the case. */
  readonly threadsUnavailableReason: string | undefined;
  /** What runs the workers: 'worker_threads', 'Web Worker', or 'none'. */
  readonly workerKind: string;
  readonly #heap: Heap;
  readonly #kernels: Kernels;
  readonly #pool: ThreadPool | undefined;

  static {
    constructRuntime = (parts) => new WasmRelu(parts);
  }

  private constructor(parts: RuntimeParts) {
    this.#heap = parts.heap;
    this.#kernels = parts.kernels;
    this.#pool = parts.pool;
    this.memory = parts.heap.memory;
    this.threads = (parts.pool?.size ?? 0) + 1;
    this.name = this.threads > 1 ? 'wasm-threads' : 'wasm';
    this.#heap.ownerName = this.name;
    this.sharedMemory = typeof SharedArrayBuffer === 'function' && this.memory.buffer instanceof SharedArrayBuffer;
    this.parallelThresholdBytes = parts.parallelThresholdBytes;
    this.threadsUnavailableReason = parts.threadsUnavailableReason;
    this.workerKind = parts.pool === undefined ? 'none' : workerKind;
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
    const { dtype: dtypeOption } = checkOptionsObject(fn, options, ['dtype'] as const);
    const dtype = dtypeOfArray(fn, 'array', array, dtypeOption);
    const view = array as ArrayBufferView & { length: number };
    const tensor = this.#allocate(fn, dtype, view.length, false);
    (tensor.array as { set(source: ArrayLike<number>): void }).set(bitsOf(fn, 'array', view, dtype));
    return tensor;
  }

  /**
   * ReLU of x into out (default: x itself, in place), on this thread, synchronously; returns
   * out. Both must be tensors of this runtime with the same dtype and length. The path is one
   * WebAssembly call after a few property checks, cheap enough for one-element tensors.
   */
  relu<D extends DType>(x: WasmTensor<D>, out?: WasmTensor<D>): WasmTensor<D> {
    return reluTensors(this.#heap, 'WasmRelu.relu', x, out === undefined ? x : out) as WasmTensor<D>;
  }

  /**
   * ReLU of x into out (default: x), split across the worker threads when x has at least
   * parallelThresholdBytes bytes and the runtime has workers; otherwise as relu(). The calling
   * thread runs one chunk itself, then waits for the workers: with Atomics.wait where it may block
   * (Node, any worker: the work is done when this returns its promise), else with
   * Atomics.waitAsync or a message (a browser's main thread). Do not free either tensor before
   * the promise settles (free() throws if you try).
   */
  async reluAsync<D extends DType>(x: WasmTensor<D>, out?: WasmTensor<D>): Promise<WasmTensor<D>> {
    const pair = tensorPair(this.#heap, 'WasmRelu.reluAsync', x, out === undefined ? x : out);
    const pool = this.#pool;
    if (pool === undefined || pair.x.byteLength < this.parallelThresholdBytes) {
      pair.kernel(pair.src, pair.dst, pair.length);
      return pair.out as WasmTensor<D>;
    }
    pinTensor(pair.x, 1);
    pinTensor(pair.out, 1);
    try {
      await pool.run(KERNEL_EXPORTS[pair.dtype], pair.kernel, pair.src, pair.dst, pair.length, BYTES_PER_ELEMENT[pair.dtype]);
    } finally {
      pinTensor(pair.x, -1);
      pinTensor(pair.out, -1);
    }
    return pair.out as WasmTensor<D>;
  }

  /** Bytes held by live tensors (rounded up to 16-byte blocks). */
  get bytesInUse(): number {
    return this.#heap.allocator.bytesInUse;
  }

  get disposed(): boolean {
    return this.#heap.disposed;
  }

  /**
   * Terminates the workers and ends every tensor of this runtime (using one afterwards throws
   * BackendDisposedError); the memory goes when nothing references it. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#heap.disposed) return;
    this.#heap.disposed = true;
    await this.#pool?.terminate(new BackendDisposedError(this.name));
  }

  #allocate<D extends DType>(fn: string, dtype: D, length: number, zeroFill: boolean): WasmTensor<D> {
    if (this.#heap.disposed) throw new BackendDisposedError(this.name);
    if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
      throw argumentTypeError(fn, 'dtype', `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
    }
    if (typeof length !== 'number' || Number.isNaN(length) || (Number.isFinite(length) && !Number.isInteger(length))) {
      throw argumentTypeError(fn, 'length', 'a non-negative integer number of elements', length);
    }
    if (length < 0) throw argumentRangeError(fn, 'length', 'a non-negative integer number of elements', length);
    const bytes = length * BYTES_PER_ELEMENT[dtype];
    const limit = this.#heap.maximumBytes;
    if (!(bytes <= limit)) {
      throw new RangeError(
        `${fn}: ${length} ${dtype} elements need ${describeBytes(bytes)}, more than this WebAssembly memory can ever hold ` +
          `(${describeBytes(limit)}; WebAssembly memory addresses are 32-bit, so 4 GiB is the limit)`,
      );
    }
    const block = this.#heap.allocator.allocate(fn, bytes);
    if (zeroFill && !block.fresh) new Uint8Array(this.memory.buffer, block.address, block.size).fill(0);
    return createTensor(this.#heap, dtype, length, block.address, block.size, this.#kernels[dtype]);
  }
}

/**
 * Compiles (once per realm) and instantiates the module on a new memory, and starts the worker
 * pool if options.threads asks for more than one thread. Throws WasmSimdUnavailableError where the
 * engine has no WebAssembly SIMD.
 */
export async function createWasmRelu(options?: WasmReluOptions): Promise<WasmRelu> {
  const fn = 'createWasmRelu';
  const opts = checkOptionsObject(fn, options, OPTION_KEYS);
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
  const module = await compileReluModule(shared);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  let pool: ThreadPool | undefined;
  if (shared) {
    try {
      pool = await ThreadPool.create(module, memory, requestedThreads - 1);
    } catch (error) {
      threadsUnavailableReason = `worker threads could not start: ${(error as Error).message}`;
    }
  }
  return constructRuntime({ heap: new Heap(memory, memoryMaximum), kernels: kernelsOf(instance), pool, parallelThresholdBytes, threadsUnavailableReason });
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

