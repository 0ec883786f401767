import type { ReluBackend } from '@relu/core';
import { type WasmBackendOptions, wasmBackend } from '@relu/wasm';

/** @relu/wasm through its contract API, in Node or a page; the profile's options choose one thread or workers. */
export default async function createWasmSubject(options: unknown): Promise<ReluBackend> {
  return wasmBackend(options as WasmBackendOptions | undefined);
}
