import type { Attributes, DType, OpName, ReluTypedArray } from '@relu/core';
import { EP_OPS, opModel } from '@relu/onnx';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { FLOOR } from '../floors.js';
import { randomSignData } from '../random-data.js';

/**
 * onnxruntime's own session.run on the one-node model @relu/onnx builds, called as any caller
 * must (a new input Tensor per call, the output's data read): the floor of the onnx backends'
 * run(), measured beside them. Node only (onnxruntime-node's cpu, onnxruntime-web's wasm build).
 */
interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { readonly data: unknown }>>;
  release(): Promise<void>;
}
interface Ort {
  readonly InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  readonly Tensor: new (type: string, data: ReluTypedArray, dims: readonly number[]) => unknown;
  readonly env: Record<string, unknown>;
}

/** A CommonJS package imported from ESM arrives as its namespace or under .default. */
const moduleOf = (namespace: object): Ort => ('InferenceSession' in namespace ? namespace : (namespace as { default: object }).default) as Ort;

/** Each execution provider's package, loaded as @relu/onnx loads it (wasm on one thread, as there). */
const RUNTIMES: Readonly<Record<'cpu' | 'wasm', { readonly runtime: string; readonly load: () => Promise<Ort> }>> = {
  cpu: { runtime: 'onnxruntime-node', load: async () => moduleOf(await import('onnxruntime-node')) },
  wasm: {
    runtime: 'onnxruntime-web (Node build)',
    load: async () => {
      const ort = moduleOf(await import('onnxruntime-web'));
      const wasm = ort.env.wasm as { numThreads?: number };
      wasm.numThreads ??= 1;
      return ort;
    },
  },
};

export const ONNX_SESSION_PROVIDERS = Object.keys(RUNTIMES) as (keyof typeof RUNTIMES)[];

export async function onnxSessionCase(executionProvider: keyof typeof RUNTIMES): Promise<BenchCase> {
  const { runtime, load } = RUNTIMES[executionProvider];
  const ort = await load();
  const sessions = new Map<string, Promise<OrtSession>>();
  const sessionOf = (op: OpName, attributes: Attributes, dtype: DType) => {
    const key = JSON.stringify([op, attributes, dtype]);
    if (!sessions.has(key)) sessions.set(key, ort.InferenceSession.create(opModel({ op, attributes, dtype }), { executionProviders: [executionProvider] }));
    return sessions.get(key)!;
  };
  return {
    name: FLOOR.sessionRun(executionProvider),
    role: 'baseline',
    work: { ops: EP_OPS[executionProvider] },
    info: { runtime, executionProvider },
    includes: "session.run({ X: new Tensor(dtype, x, [n]) }) and the output's data, on a session created once: onnxruntime's own call",
    floors: [],
    async prepare({ op, attributes, dtype, size }): Promise<PreparedCall> {
      const session = await sessionOf(op ?? 'relu', attributes, dtype);
      const x = randomSignData(dtype, size);
      return { run: async () => (await session.run({ X: new ort.Tensor(dtype, x, [size]) })).Y!.data, release: () => {} };
    },
    async dispose() {
      await Promise.all([...sessions.values()].map(async (s) => (await s).release()));
    },
  };
}
