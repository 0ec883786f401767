/// <reference types="node" />
// The Node side of the '#platform' import (see package.json "imports"): the only file that
// imports node: modules, so that browser bundles never see them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PoolWorker, PoolWorkerHandlers } from './pool-worker.js';

export const workerKind = 'worker_threads';

export function hardwareConcurrency(): number {
  return availableParallelism();
}

export function spawnWorker(program: string, handlers: PoolWorkerHandlers): PoolWorker {
  // eval: true runs the text as a CommonJS script, so no file has to be found next to this one.
  const source =
    "'use strict';\nconst { parentPort } = require('node:worker_threads');\n" +
    `(${program})((message) => parentPort.postMessage(message), (listener) => parentPort.on('message', listener));\n`;
  const worker = new Worker(source, { eval: true });
  let terminating = false;
  worker.on('message', handlers.message);
  worker.on('error', (error) => handlers.failure(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', (code) => {
    if (!terminating) handlers.failure(new Error(`@relu/wasm: a worker thread exited unexpectedly (exit code ${code})`));
  });
  worker.unref();
  return {
    postMessage: (message) => worker.postMessage(message),
    keepAlive: (on) => (on ? worker.ref() : worker.unref()),
    terminate: async () => {
      terminating = true;
      await worker.terminate();
    },
  };
}
