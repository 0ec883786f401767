import { RELU_WASM_BASE64, RELU_WASM_SHARED_MEMORY_BASE64, SIMD_PROBE_WASM_BASE64 } from './generated/wasm-binaries.js';

/**
 * The module bytes are embedded as base64 (see scripts/build-wasm.mjs) so that no fetch or path
 * configuration is ever needed; atob exists in browsers, workers, Node >= 16, Deno and Bun.
 */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function simdProbeBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(SIMD_PROBE_WASM_BASE64);
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The compiled kernels for a shared or an unshared memory, compiled once per realm and reused. */
export function compileReluModule(sharedMemory: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(sharedMemory);
  if (module === undefined) {
    module = WebAssembly.compile(decodeBase64(sharedMemory ? RELU_WASM_SHARED_MEMORY_BASE64 : RELU_WASM_BASE64));
    // A failed compile must not poison later attempts (say, after the caller falls back).
    module.catch(() => compiled.delete(sharedMemory));
    compiled.set(sharedMemory, module);
  }
  return module;
}
