/**
 * A FIFO lock. onnxruntime sessions must not run concurrently; the backend serializes every
 * session.run through one. acquire() returns undefined when the lock was free (taken at once,
 * no promise, no microtask: the hot path), else a promise that resolves when it is handed over.
 */
export class Mutex {
  private busy = false;
  private readonly waiters: (() => void)[] = [];

  acquire(): Promise<void> | undefined {
    if (!this.busy) {
      this.busy = true;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Hands the lock straight to the next waiter (busy stays true), or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const wait = this.acquire();
    if (wait) await wait;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** One lock per onnxruntime-web module instance: its sessions share one wasm instance or GL context. */
const locks = new WeakMap<object, Mutex>();

export function sharedLockOf(ort: object): Mutex {
  let lock = locks.get(ort);
  if (!lock) locks.set(ort, (lock = new Mutex()));
  return lock;
}
