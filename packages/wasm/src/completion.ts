/**
 * How the calling thread waits for the workers' tasks, one small unit per way:
 *
 * - blockUntil: Atomics.wait, where the caller may block (Node's main thread, any worker). It is
 *   bounded: the pool blocks only about as long as the work of one task, then goes on waiting
 *   asynchronously, so that a worker that died (which only the event loop can report) or hangs
 *   never holds the event loop;
 * - WaitAsyncCompletion: Atomics.waitAsync (Node, and browsers' main threads, which may not block);
 * - MessageCompletion: a { type: 'done' } message from the workers after each task, where there is
 *   neither (older browsers' main threads).
 *
 * The asynchronous ones also wake on `wake` (the pool signals it when a worker dies) and after a
 * timeout, so that the pool can look for lost or hung workers.
 */
export type Completion = 'block' | 'waitAsync' | 'message';

/**
 * Blocks until control[index] is `target`, for at most `budgetMs`; returns whether it got there.
 * Where the caller may not block, Atomics.wait throws (the pool never calls this there).
 */
export function blockUntil(control: Int32Array<SharedArrayBuffer>, index: number, target: number, budgetMs: number): boolean {
  const deadline = performance.now() + budgetMs;
  for (let value = Atomics.load(control, index); value !== target; value = Atomics.load(control, index)) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(control, index, value, left);
  }
  return true;
}

/** Something that can wake a sleeping caller; subscribe() returns the unsubscribe function. */
export interface WakeSource {
  subscribe(listener: () => void): () => void;
}

/** A promise settled by the first of: `settle` being called, `wake`, or `timeoutMs`; every hook is removed then. */
function wakeable(timeoutMs: number, wake: WakeSource, start: (settle: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(settle, timeoutMs);
    const unsubscribe = wake.subscribe(settle);
    start(settle);
  });
}

export interface AsyncCompletion {
  readonly kind: 'waitAsync' | 'message';
  /** Whether workers must post { type: 'done' } after each task for this unit. */
  readonly needsDoneMessages: boolean;
  /** Resolves once control[index] differs from `seen`, `wake` settles, or `timeoutMs` pass. */
  sleep(control: Int32Array<SharedArrayBuffer>, index: number, seen: number, timeoutMs: number, wake: WakeSource): Promise<void>;
  /** A worker posted { type: 'done' }. */
  onDoneMessage(): void;
}

type WaitAsync = (array: Int32Array, index: number, value: number, timeout: number) => { async: boolean; value: Promise<string> | string };

export function waitAsyncFunction(): WaitAsync | undefined {
  const waitAsync = (Atomics as { waitAsync?: WaitAsync }).waitAsync;
  return typeof waitAsync === 'function' ? waitAsync : undefined;
}

export class WaitAsyncCompletion implements AsyncCompletion {
  readonly kind = 'waitAsync';
  readonly needsDoneMessages = false;
  readonly #waitAsync: WaitAsync;

  constructor(waitAsync: WaitAsync) {
    this.#waitAsync = waitAsync;
  }

  sleep(control: Int32Array<SharedArrayBuffer>, index: number, seen: number, timeoutMs: number, wake: WakeSource): Promise<void> {
    const result = this.#waitAsync(control, index, seen, timeoutMs);
    if (!result.async) return Promise.resolve();
    // A waiter that loses to `wake` ends at the next notify or at its own timeout: none stays for long.
    return wakeable(timeoutMs, wake, (settle) => void (result.value as Promise<string>).then(settle));
  }

  onDoneMessage(): void {}
}

export class MessageCompletion implements AsyncCompletion {
  readonly kind = 'message';
  readonly needsDoneMessages = true;
  #waiters: (() => void)[] = [];

  sleep(control: Int32Array<SharedArrayBuffer>, index: number, seen: number, timeoutMs: number, wake: WakeSource): Promise<void> {
    if (Atomics.load(control, index) !== seen) return Promise.resolve();
    return wakeable(timeoutMs, wake, (settle) => this.#waiters.push(settle));
  }

  onDoneMessage(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The asynchronous unit for this engine: waitAsync where it exists, else messages. */
export function asyncCompletionFor(kind: Completion): AsyncCompletion {
  const waitAsync = waitAsyncFunction();
  if (kind === 'message' || waitAsync === undefined) return new MessageCompletion();
  return new WaitAsyncCompletion(waitAsync);
}

/** 'block' where the calling thread may block (Atomics.wait throws where it may not). */
export function callerCanBlock(): boolean {
  try {
    // Throws where the agent may not suspend (a browser's main thread), even for a value that differs.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export function defaultCompletion(): Completion {
  if (callerCanBlock()) return 'block';
  return waitAsyncFunction() !== undefined ? 'waitAsync' : 'message';
}
