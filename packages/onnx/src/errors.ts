import { describeValue } from '@relu/core';

/**
 * The requested execution provider cannot run here: onnxruntime-node in a browser, WebGPU or
 * WebGL in Node, no WebGPU adapter, no WebGL2 context, or onnxruntime-web starting another
 * provider than the one asked for. The backend never runs on something else under the requested
 * name; it throws this instead.
 */
export class ExecutionProviderUnavailableError extends Error {
  override readonly name = 'ExecutionProviderUnavailableError';
  constructor(
    readonly executionProvider: string,
    readonly reason: string,
  ) {
    super(`onnxBackend: execution provider '${executionProvider}' is unavailable: ${reason}`);
  }
}

/** What the backend was doing when onnxruntime failed. */
export type OnnxRuntimeStage = 'session creation' | 'run';

/**
 * onnxruntime itself failed on a call the backend's checks accepted (an out-of-memory, a lost
 * device, a kernel error, an output of the wrong shape): the runtime's own error, which names
 * neither the backend nor the argument, is the `cause`; the message says which backend, which
 * execution provider, which argument and which op and dtype it was running.
 */
export class OnnxRuntimeError extends Error {
  override readonly name = 'OnnxRuntimeError';
  constructor(
    readonly backend: string,
    readonly executionProvider: string,
    readonly argument: string,
    readonly stage: OnnxRuntimeStage,
    detail: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : describeValue(cause);
    super(`${backend}.run: onnxruntime (execution provider '${executionProvider}') failed in ${stage} for ${argument} (${detail}): ${reason}`, { cause });
  }
}

/**
 * onnxruntime-web reports a provider that failed to start ("no available backend found. ERR:
 * [webgpu] ...", or for WebGL "no available backend to use") as a plain Error from session
 * creation; that becomes an ExecutionProviderUnavailableError carrying onnxruntime's reason.
 */
export function asUnavailable(executionProvider: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/no available backend (found|to use)/.test(message)) return error;
  const hint = /fetch(ing)? (of )?the wasm/i.test(message)
    ? ' (serve ort-wasm-simd-threaded.jsep.wasm beside the script that bundles onnxruntime-web, or set env.wasm.wasmPaths; onnxWebAssets() lists the files)'
    : '';
  return new ExecutionProviderUnavailableError(executionProvider, `onnxruntime-web could not start it: ${message}${hint}`);
}
