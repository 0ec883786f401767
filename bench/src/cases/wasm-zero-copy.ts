import { type Attributes, type BackendOps, DTYPES, type DType, OPS, OP_NAMES, type OpName, bitMismatches } from '@relu/core';
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
 * The runtime's op-taking API, run/runAsync(op, x, out, attributes), where this @relu/wasm has
 * it (every op of @relu/core on every dtype it is defined on); without it, ReLU only through
 * relu/reluAsync.
 */
interface OpRuntime {
  run?(op: OpName, x: WasmTensor, out: WasmTensor, attributes: Attributes): unknown;
  runAsync?(op: OpName, x: WasmTensor, out: WasmTensor, attributes: Attributes): Promise<unknown>;
}

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

function hasOpApi(wasm: WasmRelu): boolean {
  const api = wasm as unknown as OpRuntime;
  return typeof api.run === 'function' && typeof api.runAsync === 'function';
}

function opsOf(wasm: WasmRelu, mode: 'in place' | 'into out'): BackendOps {
  if (!hasOpApi(wasm)) return { relu: DTYPES };
  return Object.fromEntries(OP_NAMES.filter((op) => mode === 'into out' || idempotent(op)).map((op) => [op, OPS[op].dtypes]));
}

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
  const ops = opsOf(wasm, mode);
  const api = wasm as unknown as Required<OpRuntime>;
  const call = (op: OpName, attributes: Attributes, x: WasmTensor, out: WasmTensor): (() => unknown) => {
    if (!hasOpApi(wasm)) return parallel ? () => wasm.reluAsync(x, out) : () => wasm.relu(x, out);
    return parallel ? () => api.runAsync(op, x, out, attributes) : () => api.run(op, x, out, attributes);
  };
  return {
    name,
    environment,
    role: 'direct',
    work: { ops },
    info: {
      runtime: 'WebAssembly SIMD',
      threads: wasm.threads,
      sharedMemory: wasm.sharedMemory,
      ...(parallel ? { parallelThresholdBytes: wasm.parallelThresholdBytes } : {}),
      ...(wasm.threadsUnavailableReason === undefined ? {} : { threadsFallback: wasm.threadsUnavailableReason }),
    },
    includes: `${hasOpApi(wasm) ? `${parallel ? 'runAsync' : 'run'}(op, x${mode === 'in place' ? '' : ', out'})` : `${parallel ? 'reluAsync' : 'relu'}(x${mode === 'in place' ? '' : ', out'})`}: ${
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
