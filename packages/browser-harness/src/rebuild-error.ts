import { BackendDisposedError, type DType, type OpName, UnsupportedDTypeError, UnsupportedOpError } from '@relu/core';
import type { SerializedError } from './protocol.js';

/**
 * Host side: an error from a guest as an instance of its original class, so tests assert on the
 * class and its fields. The message is the guest's own (core's classes rebuild the same text from
 * the same fields); the guest's stack is kept after the host's, labelled with where it ran.
 */
export function rebuildError(error: SerializedError, where = 'guest'): Error {
  const rebuilt = construct(error);
  if (rebuilt.message !== error.message) rebuilt.message = error.message;
  if (error.stack) rebuilt.stack = `${rebuilt.stack ?? `${rebuilt.name}: ${rebuilt.message}`}\n    --- in ${where} ---\n${error.stack}`;
  return rebuilt;
}

function construct(error: SerializedError): Error {
  const backend = error.backend ?? '?';
  switch (error.name) {
    case 'UnsupportedDTypeError':
      return new UnsupportedDTypeError(backend, error.dtype as DType, (error.supported ?? []) as DType[], (error.op ?? 'relu') as OpName);
    case 'UnsupportedOpError':
      return new UnsupportedOpError(backend, error.op as OpName, (error.supported ?? []) as OpName[]);
    case 'BackendDisposedError':
      return new BackendDisposedError(backend);
    case 'TypeError':
      return new TypeError(error.message);
    case 'RangeError':
      return new RangeError(error.message);
    default: {
      // Other classes (ExecutionProviderUnavailableError...) keep their name on a plain Error.
      const rebuilt = new Error(error.message);
      rebuilt.name = error.name;
      return rebuilt;
    }
  }
}
