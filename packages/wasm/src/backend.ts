import { DTYPES, type ReluBackend, type ReluTypedArray, type RunOptions, checkOptions, checkRun } from '@relu/core';
import { ArrayRunner } from './array-run.js';
import { type InternalRuntimeOptions, WasmRelu, type WasmReluOptions, openRuntime } from './runtime.js';

export type WasmBackendOptions = Pick<WasmReluOptions, 'threads' | 'parallelThresholdBytes'>;

/** The ReluBackend of this package, with the WasmRelu it runs on for zero-copy use. */
export interface WasmBackend extends ReluBackend {
  readonly name: 'wasm' | 'wasm-threads';
  /** Every op of @relu/core on every dtype it is defined on. */
  readonly ops: NonNullable<ReluBackend['ops']>;
  /**
   * What runs, read afresh on every access: threads counts the live ones (a lost worker lowers it
   * until its replacement is ready), workerRestarts the replacements, threadsFallback why fewer
   * threads run than were asked for.
   */
  readonly info: Readonly<Record<string, string | number | boolean>>;
  /** The runtime under the backend: allocate tensors here to run with no copy at all. */
  readonly runtime: WasmRelu;
}

/**
 * Small runs (at most this many bytes) copy through a scratch region of the memory instead of
 * allocating a block per call: it covers 16384 float32 elements, where allocation would be a
 * visible part of the call.
 */
const SCRATCH_BYTES = 64 * 1024;

/**
 * @relu/wasm as a ReluBackend: run() copies x into WebAssembly memory, runs the op's SIMD kernel
 * there (split across threads when large and options.threads allows), and copies the result out
 * into a new array. Named 'wasm' on one thread, 'wasm-threads' with workers; info says how it
 * runs now, and why threads are off when they were asked for and could not run or were lost.
 *
 * dispose() lets the runs in flight finish (their promises resolve with their results), rejects
 * every later run() with BackendDisposedError, and never hangs.
 */
export async function wasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  return openWasmBackend(options);
}

/** @internal wasmBackend() with the package's internal runtime options (tests inject faults through them). */
export async function openWasmBackend(options?: WasmBackendOptions, internal: InternalRuntimeOptions = {}): Promise<WasmBackend> {
  const opts = checkOptions('wasmBackend', options, ['threads', 'parallelThresholdBytes'] as const);
  const parts = await openRuntime('wasmBackend', opts, { scratchBytes: SCRATCH_BYTES, ...internal });
  const runtime = new WasmRelu(parts);
  const arrays = new ArrayRunner(parts);
  const name = runtime.name;
  const ops = parts.kernels.ops;
  return Object.freeze({
    name,
    dtypes: ops.relu ?? DTYPES,
    ops,
    get info() {
      return infoOf(runtime);
    },
    runtime,
    async run<T extends ReluTypedArray>(x: T, runOptions?: RunOptions): Promise<T> {
      // checkRun reads x's kind and length from its internal slots; the runner reads x through them only.
      return arrays.run(name, checkRun(name, ops, x, runOptions), x) as T | Promise<T>;
    },
    dispose: () => runtime.dispose(),
  });
}

function infoOf(runtime: WasmRelu): Readonly<Record<string, string | number | boolean>> {
  const info: Record<string, string | number | boolean> = {
    runtime: 'WebAssembly SIMD',
    threads: runtime.threads,
    sharedMemory: runtime.sharedMemory,
    workers: runtime.workerKind,
    parallelThresholdBytes: runtime.parallelThresholdBytes,
  };
  if (runtime.workerRestarts > 0) info.workerRestarts = runtime.workerRestarts;
  const fallback = runtime.threadsUnavailableReason;
  if (fallback !== undefined) info.threadsFallback = fallback;
  return Object.freeze(info);
}
