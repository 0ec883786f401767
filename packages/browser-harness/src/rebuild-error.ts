import { BackendDisposedError, type DType, UnsupportedDTypeError } from '@relu/core';
import type { SerializedError } from './protocol.js';

/** An error from the page as an instance of its original class, so tests assert on the class. */
export function rebuildError(error: SerializedError): Error {
  switch (error.name) {
    case 'UnsupportedDTypeError':
      return new UnsupportedDTypeError(error.backend ?? '?', error.dtype as DType, (error.supported ?? []) as DType[]);
    case 'BackendDisposedError':
      return new BackendDisposedError(error.backend ?? '?');
    case 'TypeError':
      return new TypeError(error.message);
    case 'RangeError':
      return new RangeError(error.message);
    default: {
      const rebuilt = new Error(error.message);
      rebuilt.name = error.name;
      return rebuilt;
    }
  }
}
