import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The onnxruntime-web files a browser page needs beside its bundle: the bundle of
 * 'onnxruntime-web' (used for 'wasm' and 'webgpu') fetches the wasm binary relative to its own
 * script URL, and the .mjs is its Emscripten glue for worker threads (numThreads > 1).
 * 'webgl' needs none of them.
 */
export const ONNX_WEB_ASSET_NAMES: readonly string[] = ['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'];

/** Absolute paths of ONNX_WEB_ASSET_NAMES in the installed onnxruntime-web (Node only). */
export function onnxWebAssets(): string[] {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('onnxruntime-web'));
  return ONNX_WEB_ASSET_NAMES.map((name) => join(dist, name));
}
