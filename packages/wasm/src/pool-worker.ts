/** What the thread pool needs of a worker, in Node (worker_threads) and browsers (Web Workers) alike. */
export interface PoolWorker {
  postMessage(message: unknown): void;
  /**
   * Whether this worker keeps the Node process alive: on only while the pool waits for it, so
   * that an idle pool (or one the program forgot to dispose) never holds the process open.
   * Browsers have no such notion.
   */
  keepAlive(on: boolean): void;
  terminate(): Promise<void>;
}

export interface PoolWorkerHandlers {
  message(data: unknown): void;
  /** The worker failed: an uncaught error, or it could not start, or it exited (for whatever reason, terminate() included). */
  failure(error: Error): void;
}

/**
 * The worker's program is a function expression in source form, called with (post, listen):
 * each platform module wraps it with its own messaging, so the same text runs in both.
 */
export type SpawnWorker = (program: string, handlers: PoolWorkerHandlers) => PoolWorker;
