import type { BenchCase } from '../bench-case.js';
import { coreIntoCase } from './core-into.js';
import { wasmInMemoryCases } from './wasm-zero-copy.js';

/**
 * Bench-only cases that are not ReluBackends: kernels on data that already lives where they
 * run, without the contract's new output array per call.
 */
export async function inMemoryCases(environment: 'node' | 'browser'): Promise<BenchCase[]> {
  return [coreIntoCase(environment), ...(await wasmInMemoryCases(environment))];
}
