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
  worker.on('message', handlers.message);
  // An uncaught error (out of memory included: ERR_WORKER_OUT_OF_MEMORY) comes first, then the exit.
  worker.on('error', (error) => handlers.failure(error instanceof Error ? error : new Error(String(error))));
  // Every exit is reported, terminate() included: the pool ignores those of workers it stopped itself.
  worker.on('exit', (code) => handlers.failure(new Error(`@relu/wasm: a worker thread exited (exit code ${code})`)));
  worker.unref();
  return {
    postMessage: (message) => worker.postMessage(message),
    keepAlive: (on) => (on ? worker.ref() : worker.unref()),
    terminate: async () => {
      await worker.terminate();
    },
  };
}
