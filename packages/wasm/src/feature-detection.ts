import { simdProbeBytes } from './wasm-binaries.js';

/** True where this engine compiles WebAssembly SIMD: it validates a 30-byte module with a v128 instruction. */
export function isWasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(simdProbeBytes());
}

/**
 * Why a shared WebAssembly.Memory cannot be made here, or undefined when it can. Browsers expose
 * SharedArrayBuffer only to cross-origin isolated pages (COOP/COEP headers); Node always has it.
 */
export function sharedMemoryUnavailableReason(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is unavailable (a browser page needs cross-origin isolation: COOP and COEP headers)';
  }
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (COOP and COEP headers), so it cannot share memory with workers';
  }
  try {
    new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true });
    return undefined;
  } catch (error) {
    return `a shared WebAssembly.Memory cannot be created: ${(error as Error).message}`;
  }
}
