import { DTYPES, type DType } from '@relu/core';
import { type WasmRelu, type WasmReluOptions, type WasmTensor, createWasmRelu } from '@relu/wasm';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { randomSignData } from '../random-data.js';

/**
 * @relu/wasm on data that already lives in WebAssembly memory: the kernel alone, with no copy in
 * or out, through the package's zero-copy API. Each case owns its runtime (and, for threads, its
 * worker pool) until dispose().
 */
export async function wasmInMemoryCases(environment: 'node' | 'browser'): Promise<BenchCase[]> {
  const cases = [
    await wasmCase(environment, 'wasm zero-copy, in place', {}, 'in place'),
    await wasmCase(environment, 'wasm zero-copy, x to out', {}, 'into out'),
  ];
  const threaded = await wasmCase(environment, 'wasm-threads zero-copy, in place', { threads: 'auto' }, 'in place');
  // Where threads cannot run (one core, or a page that is not cross-origin isolated) the case would
  // only repeat the single-thread one.
  if (Number(threaded.info.threads) > 1) cases.push(threaded);
  else await threaded.dispose();
  return cases;
}

async function wasmCase(environment: 'node' | 'browser', name: string, options: WasmReluOptions, mode: 'in place' | 'into out'): Promise<BenchCase> {
  const wasm: WasmRelu = await createWasmRelu(options);
  const parallel = wasm.threads > 1;
  return {
    name,
    environment,
    role: 'in-memory',
    dtypes: DTYPES,
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
    async prepare(dtype: DType, size: number): Promise<PreparedCall> {
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
