// The browser (and default) side of the '#platform' import (see package.json "imports"): Web
// Workers from a Blob URL of inlined source, so no worker file has to be served or configured.
import type { PoolWorker, PoolWorkerHandlers } from './pool-worker.js';

export const workerKind = 'Web Worker';

export function hardwareConcurrency(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

export function spawnWorker(program: string, handlers: PoolWorkerHandlers): PoolWorker {
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    throw new Error('@relu/wasm: this environment has no Web Workers (or no Blob URLs) to run threads on');
  }
  const source =
    "'use strict';\n" +
    `(${program})((message) => self.postMessage(message), (listener) => { self.onmessage = (event) => listener(event.data); });\n`;
  let url: string | undefined = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  const revoke = (): void => {
    if (url !== undefined) URL.revokeObjectURL(url);
    url = undefined;
  };
  worker.onmessage = (event: MessageEvent) => {
    // The worker has loaded its script once it speaks: the URL is not needed any more.
    revoke();
    handlers.message(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    handlers.failure(new Error(`@relu/wasm: a Web Worker failed: ${event.message || 'it could not start (a Content-Security-Policy without worker-src blob:?)'}`));
  };
  worker.onmessageerror = () => handlers.failure(new Error('@relu/wasm: a message from a Web Worker could not be deserialized'));
  return {
    postMessage: (message) => worker.postMessage(message),
    keepAlive: () => {},
    terminate: async () => {
      worker.terminate();
      revoke();
    },
  };
}
