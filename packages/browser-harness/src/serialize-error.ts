import type { SerializedError } from './protocol.js';

/**
 * Guest side: an error as data. The fields core's errors carry (backend, dtype, supported, op)
 * travel with it, so the host rebuilds UnsupportedDTypeError, UnsupportedOpError and
 * BackendDisposedError with the same fields and message.
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message, stack } = error;
  const extra = error as Partial<Record<'backend' | 'dtype' | 'supported' | 'op', unknown>>;
  return {
    name,
    message,
    ...(typeof stack === 'string' ? { stack } : {}),
    ...(typeof extra.backend === 'string' ? { backend: extra.backend } : {}),
    ...(typeof extra.dtype === 'string' ? { dtype: extra.dtype } : {}),
    ...(Array.isArray(extra.supported) ? { supported: extra.supported.map(String) } : {}),
    ...(typeof extra.op === 'string' ? { op: extra.op } : {}),
  };
}
