import { BackendDisposedError, UnsupportedDTypeError, UnsupportedOpError, coreBackend } from '@relu/core';
import { expose, exposeBackends, markReady, reportProgress } from '../guest/index.js';

/** The protocol suite's guest (pages and runtimes alike): the reference backend and functions that exercise each part of the protocol. */
exposeBackends({ core: async () => coreBackend });

const ERRORS: Record<string, () => Error> = {
  RangeError: () => new RangeError('guest: deliberate RangeError'),
  TypeError: () => new TypeError('guest: deliberate TypeError'),
  UnsupportedDTypeError: () => new UnsupportedDTypeError('guest-backend', 'int16', ['float32', 'int8'], 'relu6'),
  UnsupportedOpError: () => new UnsupportedOpError('guest-backend', 'leakyRelu', ['relu']),
  BackendDisposedError: () => new BackendDisposedError('guest-backend'),
  Custom: () => Object.assign(new Error('guest: a class of its own'), { name: 'ExecutionProviderUnavailableError' }),
};

expose({
  echo: (value: unknown) => value,
  fail: (kind: string) => {
    throw ERRORS[kind]!();
  },
  progress: (count: number) => {
    for (let i = 0; i < count; i++) reportProgress({ done: i + 1, total: count });
    return count;
  },
  reportErrors: () => {
    console.error('guest: console.error', 42);
    console.error(new RangeError('guest: reported'));
  },
  /** Pages only: in a runtime an uncaught error ends the process, as it would without the harness. */
  throwLater: () => {
    setTimeout(() => {
      throw new Error('guest: thrown later');
    }, 0);
    void Promise.reject(new RangeError('guest: rejected'));
  },
  float16: () => {
    const F16 = (globalThis as unknown as Record<string, (new (values: number[]) => ArrayBufferView) | undefined>).Float16Array;
    return F16 ? new F16([1.5, -2]) : null;
  },
});
void markReady();
