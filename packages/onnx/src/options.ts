import { argumentRangeError, argumentTypeError, checkOptions } from '@relu/core';
import { EXECUTION_PROVIDERS, type ExecutionProvider } from './capabilities.js';

export interface OnnxBackendOptions {
  /** 'cpu' (onnxruntime-node, Node only), 'wasm' (onnxruntime-web, Node or browser), 'webgl' or 'webgpu' (onnxruntime-web, browser only). */
  readonly executionProvider: ExecutionProvider;
  /**
   * false (default): return exactly what the runtime computed. true: repair the result with the
   * op's canonical repair (@relu/core's `Op.repair`), bit-identical to @relu/core on every
   * execution provider.
   */
  readonly canonical?: boolean;
  /**
   * Threads: 'cpu' sets the session's intraOpNumThreads (default: onnxruntime's, one per core);
   * 'wasm'/'webgpu' set onnxruntime-web's env.wasm.numThreads before it starts (default 1; the
   * first backend of a page or process decides it). Ignored by 'webgl'.
   */
  readonly numThreads?: number;
  /**
   * The most elements one session.run gets; longer inputs are split into runs of at most this
   * many. Default: the execution provider's limit (WebGL: MAX_TEXTURE_SIZE^2; WebGPU: the
   * adapter's maxStorageBufferBindingSize in elements; cpu and wasm: none).
   */
  readonly maxElementsPerRun?: number;
}

export interface ResolvedOptions {
  readonly executionProvider: ExecutionProvider;
  readonly canonical: boolean;
  readonly numThreads: number | undefined;
  readonly maxElementsPerRun: number | undefined;
}

const FN = 'onnxBackend';
const KEYS = ['executionProvider', 'canonical', 'numThreads', 'maxElementsPerRun'] as const;
const PROVIDER_LIST = EXECUTION_PROVIDERS.map((e) => `'${e}'`).join(' | ');

function positiveInteger(name: string, value: unknown, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw argumentTypeError(FN, `options.${name}`, 'a positive integer', value);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw argumentRangeError(FN, `options.${name}`, `an integer from 1 to ${max}`, value);
  return value;
}

/** Validates onnxBackend's options (the same checks and messages as every other package, from @relu/core). */
export function checkBackendOptions(options: unknown): ResolvedOptions {
  if (options === undefined) throw argumentTypeError(FN, 'options', `an object with keys ${KEYS.join(', ')}`, options);
  const { executionProvider, canonical = false, numThreads, maxElementsPerRun } = checkOptions(FN, options, KEYS);
  if (typeof executionProvider !== 'string') throw argumentTypeError(FN, 'options.executionProvider', `one of ${PROVIDER_LIST}`, executionProvider);
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(executionProvider)) {
    throw argumentRangeError(FN, 'options.executionProvider', `one of ${PROVIDER_LIST}`, JSON.stringify(executionProvider));
  }
  if (typeof canonical !== 'boolean') throw argumentTypeError(FN, 'options.canonical', 'a boolean', canonical);
  return {
    executionProvider: executionProvider as ExecutionProvider,
    canonical,
    numThreads: positiveInteger('numThreads', numThreads, 1024),
    maxElementsPerRun: positiveInteger('maxElementsPerRun', maxElementsPerRun, Number.MAX_SAFE_INTEGER),
  };
}
