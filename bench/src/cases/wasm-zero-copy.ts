import { type Attributes, type BackendOps, type DType, OPS, OP_NAMES, type OpName, bitMismatches } from '@relu/core';
import { type WasmRelu, type WasmReluOptions, type WasmTensor, createWasmRelu } from '@relu/wasm';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { randomSignData } from '../random-data.js';

/**
 * @relu/wasm on data that already lives in WebAssembly memory: the kernel alone, with no copy in
 * or out, through the package's zero-copy API. Each case owns its runtime (and, for threads, its
 * worker pool) until dispose(). Names without commas, so that --backends can list them.
 */
export const WASM_ZERO_COPY: Readonly<Record<string, { readonly options: WasmReluOptions; readonly mode: 'in place' | 'into out' }>> = {
  'wasm-zero-copy': { options: {}, mode: 'in place' },
  'wasm-zero-copy-into': { options: {}, mode: 'into out' },
  'wasm-threads-zero-copy': { options: { threads: 'auto' }, mode: 'in place' },
};

/**
 * The ops whose second application changes nothing, f(f(x)) = f(x), checked on core's reference
 * kernels: only those can be timed in place on the same data call after call (leakyRelu in place
 * would scale the data by alpha on every call, into subnormals and zeros). The others are timed
 * from x into out.
 */
function idempotent(op: OpName): boolean {
  const x = randomSignData('float32', 256);
  const once = new Float32Array(x.length);
  const twice = new Float32Array(x.length);
  OPS[op].forward('float32', OPS[op].defaults as never, x, once);
  OPS[op].forward('float32', OPS[op].defaults as never, once, twice);
  return bitMismatches('float32', once, twice, 1).length === 0;
}

/** Every op of core the mode can time: into out, all of them; in place, those a second application leaves unchanged. */
function opsOf(mode: 'in place' | 'into out'): BackendOps {
  return Object.fromEntries(OP_NAMES.filter((op) => mode === 'into out' || idempotent(op)).map((op) => [op, OPS[op].dtypes]));
}

/** The case of that name, or why it does not run here. */
export async function wasmZeroCopyCase(name: string): Promise<BenchCase | string> {
  const { options, mode } = WASM_ZERO_COPY[name]!;
  const wasm: WasmRelu = await createWasmRelu(options);
  const parallel = wasm.threads > 1;
  if (options.threads !== undefined && !parallel) {
    // Where threads cannot run (one core, a page that is not cross-origin isolated) the case would
    // only repeat the single-thread one.
    await wasm.dispose();
    return `one thread only here (${wasm.threadsUnavailableReason ?? 'one core'})`;
  }
  const ops = opsOf(mode);
  // Threads only through runAsync: run() always stays on the calling thread.
  const call = (op: OpName, attributes: Attributes, x: WasmTensor, out: WasmTensor): (() => unknown) =>
    parallel ? () => wasm.runAsync(op, x, out, attributes) : () => wasm.run(op, x, out, attributes);
  return {
    name,
    role: 'direct',
    work: { ops },
    info: {
      runtime: 'WebAssembly SIMD',
      threads: wasm.threads,
      sharedMemory: wasm.sharedMemory,
      ...(parallel ? { parallelThresholdBytes: wasm.parallelThresholdBytes } : {}),
      ...(wasm.threadsUnavailableReason === undefined ? {} : { threadsFallback: wasm.threadsUnavailableReason }),
    },
    includes: `${parallel ? 'runAsync' : 'run'}(op, x${mode === 'in place' ? '' : ', out'}): ${
      mode === 'in place' ? 'the kernel in place on a tensor already in wasm memory' : 'the kernel from one tensor in wasm memory into another'
    } (no copy, no allocation)`,
    floors: [],
    async prepare({ op, attributes, dtype, size }: { op: OpName | null; attributes: Attributes; dtype: DType; size: number }): Promise<PreparedCall> {
      const x: WasmTensor = wasm.from(randomSignData(dtype, size), { dtype });
      const out: WasmTensor = mode === 'in place' ? x : wasm.allocate(dtype, size);
      return {
        run: call(op ?? 'relu', attributes, x, out),
        release: () => {
          x.free();
          if (out !== x) out.free();
        },
      };
    },
    dispose: () => wasm.dispose(),
  };
}
