import { DTYPES, type DType } from '@relu/core';
import { type WasmRelu, type WasmReluOptions, type WasmTensor, createWasmRelu } from '@relu/wasm';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { randomSignData } from '../random-data.js';

/**
 * @relu/wasm on data that already lives in WebAssembly memory: the kernel alone, with no copy in
 * or out, through the package's zero-copy API. Each case owns its runtime (and, for threads, its
 * worker pool) until dispose(). ReLU only: this runtime's zero-copy API (relu, reluAsync) takes no
 * op; the other ops are timed through the wasm backend's run() once it declares them. Names
 * without commas, so that --backends can list them.
 */
export const WASM_ZERO_COPY: Readonly<Record<string, { readonly options: WasmReluOptions; readonly mode: 'in place' | 'into out' }>> = {
  'wasm-zero-copy': { options: {}, mode: 'in place' },
  'wasm-zero-copy-into': { options: {}, mode: 'into out' },
  'wasm-threads-zero-copy': { options: { threads: 'auto' }, mode: 'in place' },
};

/** The case of that name, or why it does not run here. */
export async function wasmZeroCopyCase(environment: 'node' | 'browser', name: string): Promise<BenchCase | string> {
  const { options, mode } = WASM_ZERO_COPY[name]!;
  const wasm: WasmRelu = await createWasmRelu(options);
  const parallel = wasm.threads > 1;
  if (options.threads !== undefined && !parallel) {
    // Where threads cannot run (one core, a page that is not cross-origin isolated) the case would
    // only repeat the single-thread one.
    await wasm.dispose();
    return `one thread only here (${wasm.threadsUnavailableReason ?? 'one core'})`;
  }
  return {
    name,
    environment,
    role: 'direct',
    work: { ops: { relu: DTYPES } },
    info: {
      runtime: 'WebAssembly SIMD',
      threads: wasm.threads,
      sharedMemory: wasm.sharedMemory,
      ...(parallel ? { parallelThresholdBytes: wasm.parallelThresholdBytes } : {}),
      ...(wasm.threadsUnavailableReason === undefined ? {} : { threadsFallback: wasm.threadsUnavailableReason }),
    },
    includes:
      mode === 'in place'
        ? `${parallel ? 'reluAsync(x)' : 'relu(x)'}: the kernel in place on a tensor already in wasm memory (no copy, no allocation)`
        : 'relu(x, out): the kernel from one tensor in wasm memory into another (no copy, no allocation)',
    floors: [],
    async prepare({ dtype, size }: { dtype: DType; size: number }): Promise<PreparedCall> {
      const x: WasmTensor = wasm.from(randomSignData(dtype, size), { dtype });
      const out: WasmTensor = mode === 'in place' ? x : wasm.allocate(dtype, size);
      const run = parallel ? () => wasm.reluAsync(x, out) : () => wasm.relu(x, out);
      return {
        run,
        release: () => {
          x.free();
          if (out !== x) out.free();
        },
      };
    },
    dispose: () => wasm.dispose(),
  };
}
