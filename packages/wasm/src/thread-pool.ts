import { spawnWorker } from '#platform';
import { KERNEL_EXPORTS, type Kernel } from './kernels.js';
import type { PoolWorker } from './pool-worker.js';
import { CONTROL, WORKER_PROGRAM } from './worker-program.js';

type WorkerMessage = { type: 'ready' } | { type: 'done' } | { type: 'error'; message: string };

/**
 * How the calling thread waits for the workers' chunks: 'block' with Atomics.wait (Node's main
 * thread, any worker: fastest), 'waitAsync' with Atomics.waitAsync (a browser's main thread, which
 * may not block), or 'message' (a browser main thread without Atomics.waitAsync: the workers post).
 */
export type Completion = 'block' | 'waitAsync' | 'message';

/** The names of the kernels, in the order the control block's KERNEL index refers to them. */
const KERNEL_NAMES: readonly string[] = Object.values(KERNEL_EXPORTS);

/** A worker that does not finish its chunk in this long has died, or the machine is stuck. */
const BLOCKING_WAIT_LIMIT_MS = 120_000;

export function callerCanBlock(): boolean {
  try {
    // Throws where the agent may not suspend (a browser's main thread), even for a value that differs.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

function defaultCompletion(): Completion {
  if (callerCanBlock()) return 'block';
  return typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function' ? 'waitAsync' : 'message';
}

/**
 * Workers that run kernels on a shared WebAssembly.Memory: created once, reused by every call,
 * stopped by terminate(). A job splits one kernel call into equal chunks of whole cache lines,
 * one per worker and one for the calling thread, which works too instead of waiting idle.
 * Jobs reach the workers through a control block of shared Int32 slots with Atomics.notify, not
 * through postMessage, and the caller collects them per `completion`.
 *
 * Workers are unref'd in Node (except while they start): they never keep the process alive.
 */
export class ThreadPool {
  readonly completion: Completion;
  readonly #workers: PoolWorker[] = [];
  readonly #control: Int32Array<SharedArrayBuffer>;
  #job = 0;
  #failure: Error | undefined;
  #terminated = false;
  /** Jobs run one at a time: each worker has one slot. Async completions chain here. */
  #queue: Promise<void> = Promise.resolve();
  /** Callers waiting for a 'done' message (completion 'message'). */
  #messageWaiters: (() => void)[] = [];

  private constructor(workerCount: number, completion: Completion) {
    this.completion = completion;
    this.#control = new Int32Array(new SharedArrayBuffer(workerCount * CONTROL.SLOT_INTS * 4));
  }

  /** Starts `workerCount` workers on `memory`; resolves once all have instantiated `module`. */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, workerCount: number, completion = defaultCompletion()): Promise<ThreadPool> {
    const pool = new ThreadPool(workerCount, completion);
    if (completion === 'message') {
      for (let i = 0; i < workerCount; i++) pool.#control[i * CONTROL.SLOT_INTS + CONTROL.POST_DONE] = 1;
    }
    let ready = 0;
    let started!: () => void;
    let failed!: (error: Error) => void;
    const starting = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    const onMessage = (data: unknown): void => {
      const message = data as WorkerMessage;
      if (message.type === 'ready') {
        if (++ready === workerCount) started();
      } else if (message.type === 'error') {
        failed(new Error(`@relu/wasm: a worker could not instantiate the module: ${message.message}`));
      } else {
        const waiters = pool.#messageWaiters;
        pool.#messageWaiters = [];
        for (const wake of waiters) wake();
      }
    };
    const onFailure = (error: Error): void => {
      failed(error);
      pool.#fail(error);
    };
    try {
      for (let i = 0; i < workerCount; i++) pool.#workers.push(spawnWorker(WORKER_PROGRAM, { message: onMessage, failure: onFailure }));
      // Node would exit under a pending top-level await if nothing kept it alive while workers start.
      pool.#keepAlive(true);
      pool.#workers.forEach((worker, slot) =>
        worker.postMessage({ module, memory, control: pool.#control.buffer, slot, kernels: KERNEL_NAMES }),
      );
      await starting;
      pool.#keepAlive(false);
      return pool;
    } catch (error) {
      await pool.terminate(error as Error);
      throw error;
    }
  }

  /** Number of worker threads (the calling thread works too, so a job runs on one more). */
  get size(): number {
    return this.#workers.length;
  }

  /**
   * Runs kernel `kernelName` on n elements from byte address src to dst, split across the workers
   * and this thread. With completion 'block' the work is done when this returns (the promise is
   * already settled); otherwise when the promise resolves.
   */
  run(kernelName: string, localKernel: Kernel, src: number, dst: number, n: number, elementBytes: number): Promise<void> {
    if (this.completion !== 'block') {
      const job = this.#queue.then(() => this.#runAsync(kernelName, localKernel, src, dst, n, elementBytes));
      this.#queue = job.catch(() => {});
      return job;
    }
    try {
      const slots = this.#dispatch(kernelName, localKernel, src, dst, n, elementBytes);
      this.#waitBlocking(slots);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Stops every worker; a job in flight rejects with `reason` (or has finished). Idempotent. */
  async terminate(reason: Error): Promise<void> {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#fail(reason);
    for (let slot = 0; slot < this.#workers.length; slot++) {
      const base = slot * CONTROL.SLOT_INTS;
      Atomics.store(this.#control, base + CONTROL.KERNEL, -1);
      Atomics.add(this.#control, base + CONTROL.JOB, 1);
      Atomics.notify(this.#control, base + CONTROL.JOB);
    }
    const waiters = this.#messageWaiters;
    this.#messageWaiters = [];
    for (const wake of waiters) wake();
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  /** Hands each worker its chunk, runs the first chunk here, and returns the slots to wait for. */
  #dispatch(kernelName: string, localKernel: Kernel, src: number, dst: number, n: number, elementBytes: number): number[] {
    if (this.#failure !== undefined) throw this.#failure;
    const kernel = KERNEL_NAMES.indexOf(kernelName);
    if (kernel < 0) throw new Error(`@relu/wasm: no kernel ${kernelName}`);
    const control = this.#control;
    const threads = this.#workers.length + 1;
    // Whole 64-byte cache lines per chunk: no two threads write the same line.
    const grain = Math.max(1, 64 / elementBytes);
    const chunk = Math.ceil(n / threads / grain) * grain;
    const job = (this.#job = (this.#job + 1) | 0);
    const slots: number[] = [];
    for (let slot = 0; slot < this.#workers.length; slot++) {
      const start = chunk * (slot + 1);
      if (start >= n) break;
      const base = slot * CONTROL.SLOT_INTS;
      const offset = start * elementBytes;
      // Addresses above 2 GiB wrap to negative int32s; the kernel reads the same 32 bits as unsigned.
      control[base + CONTROL.KERNEL] = kernel;
      control[base + CONTROL.SRC] = src + offset;
      control[base + CONTROL.DST] = dst + offset;
      control[base + CONTROL.N] = Math.min(chunk, n - start);
      Atomics.store(control, base + CONTROL.JOB, job);
      Atomics.notify(control, base + CONTROL.JOB);
      slots.push(base);
    }
    localKernel(src, dst, Math.min(chunk, n));
    return slots;
  }

  #waitBlocking(slots: readonly number[]): void {
    const control = this.#control;
    const job = this.#job;
    for (const base of slots) {
      const deadline = Date.now() + BLOCKING_WAIT_LIMIT_MS;
      for (let done = Atomics.load(control, base + CONTROL.DONE); done !== job; done = Atomics.load(control, base + CONTROL.DONE)) {
        if (Date.now() > deadline) this.#stuck();
        Atomics.wait(control, base + CONTROL.DONE, done, 1000);
      }
    }
    this.#checkFailures(slots);
  }

  async #runAsync(kernelName: string, localKernel: Kernel, src: number, dst: number, n: number, elementBytes: number): Promise<void> {
    const slots = this.#dispatch(kernelName, localKernel, src, dst, n, elementBytes);
    const control = this.#control;
    const job = this.#job;
    const waitAsync = (Atomics as { waitAsync?: (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string } }).waitAsync;
    for (const base of slots) {
      for (let done = Atomics.load(control, base + CONTROL.DONE); done !== job; done = Atomics.load(control, base + CONTROL.DONE)) {
        if (this.#failure !== undefined) throw this.#failure;
        if (this.completion === 'waitAsync' && waitAsync !== undefined) {
          const result = waitAsync(control, base + CONTROL.DONE, done);
          if (result.async) await result.value;
        } else {
          await new Promise<void>((wake) => this.#messageWaiters.push(wake));
        }
      }
    }
    if (this.#failure !== undefined) throw this.#failure;
    this.#checkFailures(slots);
  }

  #checkFailures(slots: readonly number[]): void {
    if (this.#failure !== undefined) throw this.#failure;
    for (const base of slots) {
      if (this.#control[base + CONTROL.FAILED]) throw new Error("@relu/wasm: a worker's kernel trapped (an address outside the memory?)");
    }
  }

  #stuck(): never {
    const error = new Error(`@relu/wasm: a worker thread did not finish its chunk within ${BLOCKING_WAIT_LIMIT_MS / 1000} s; the pool is stopped`);
    void this.terminate(error);
    throw error;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#keepAlive(false);
  }

  #keepAlive(on: boolean): void {
    for (const worker of this.#workers) worker.keepAlive(on);
  }
}
