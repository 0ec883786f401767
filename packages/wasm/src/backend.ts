import { BackendDisposedError, type DType, DTYPES, type ReluBackend, type ReluTypedArray, type RunOptions, checkRunArguments } from '@relu/core';
import { checkOptionsObject } from './options.js';
import { type WasmRelu, type WasmReluOptions, createWasmRelu } from './runtime.js';
import { sameTypeArray, typedArrayName } from './typed-arrays.js';

export type WasmBackendOptions = Pick<WasmReluOptions, 'threads' | 'parallelThresholdBytes'>;

/** The ReluBackend of this package, with the WasmRelu it runs on for zero-copy use. */
export interface WasmBackend extends ReluBackend {
  readonly name: 'wasm' | 'wasm-threads';
  /** The runtime under the backend: allocate tensors here to run with no copy at all. */
  readonly runtime: WasmRelu;
}

/**
 * @relu/wasm as a ReluBackend: run() copies x into WebAssembly memory, runs the SIMD kernel in
 * place (split across threads when large and options.threads allows), and copies the result out
 * into a new array. Named 'wasm' on one thread, 'wasm-threads' with workers; info says which,
 * and why threads are off when they were asked for and could not run.
 */
export async function wasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  const opts = checkOptionsObject('wasmBackend', options, ['threads', 'parallelThresholdBytes'] as const);
  const runtime = await createWasmRelu({ threads: opts.threads as WasmReluOptions['threads'], parallelThresholdBytes: opts.parallelThresholdBytes as number | undefined });
  const name = runtime.name;
  const info: Record<string, string | number | boolean> = {
    runtime: 'WebAssembly SIMD',
    threads: runtime.threads,
    sharedMemory: runtime.sharedMemory,
    workers: runtime.workerKind,
    parallelThresholdBytes: runtime.parallelThresholdBytes,
  };
  if (runtime.threadsUnavailableReason !== undefined) info.threadsFallback = runtime.threadsUnavailableReason;

  return Object.freeze({
    name,
    dtypes: DTYPES,
    info: Object.freeze(info),
    runtime,
    async run<T extends ReluTypedArray>(x: T, runOptions?: RunOptions): Promise<T> {
      if (runtime.disposed) throw new BackendDisposedError(name);
      const dtype: DType = checkRunArguments(name, DTYPES, x, runOptions);
      const y = sameTypeArray(x);
      if (x.length === 0) return y;
      const tensor = runtime.from(x, { dtype });
      try {
        await runtime.reluAsync(tensor);
        copyBits(tensor.array, y);
      } finally {
        if (!tensor.freed) tensor.free();
      }
      return y;
    },
    async dispose(): Promise<void> {
      await runtime.dispose();
    },
  });
}

/** Copies bits, never values: a Float16Array destination is written through its Uint16 bits. */
function copyBits(source: ReluTypedArray, destination: ReluTypedArray): void {
  const target = typedArrayName(destination) === 'Float16Array' ? new Uint16Array(destination.buffer, destination.byteOffset, destination.length) : destination;
  (target as { set(source: ArrayLike<number>): void }).set(source as ArrayLike<number>);
}
