import { coreBackend } from '@relu/core';
import { expose, exposeBackends, markReady } from '../page/index.js';

exposeBackends({ core: async () => coreBackend });
expose({
  isolation: () => ({ crossOriginIsolated: globalThis.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer === 'function' }),
  fail: () => {
    throw new RangeError('page: deliberate failure');
  },
});
markReady();
