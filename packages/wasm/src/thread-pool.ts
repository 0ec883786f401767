import { spawnWorker as platformSpawnWorker } from '#platform';
import { type AsyncCompletion, type Completion, type WakeSource, asyncCompletionFor, blockUntil, defaultCompletion } from './completion.js';
import { type Job, MAX_JOB_ATTRIBUTES, restartable, taskLayout } from './job.js';
import { KERNEL_EXPORT_NAMES } from './kernels.js';
import type { PoolWorker, SpawnWorker } from './pool-worker.js';
import { CONTROL, WORKER_PROGRAM, taskState } from './worker-program.js';

type WorkerMessage = { type: 'ready' } | { type: 'done' } | { type: 'error'; message: string };

export interface ThreadPoolOptions {
  /** How the calling thread waits (default: 'block' where it may, else 'waitAsync' or 'message'). */
  completion?: Completion;
  /** The program the workers run (tests wrap WORKER_PROGRAM to inject faults). */
  program?: string;
  /** How workers are started (default: the platform's worker_threads or Web Workers). */
  spawn?: SpawnWorker;
  /** A live worker that holds a task of a job making no progress for this long is stopped as hung. */
  stuckMs?: number;
  /** Workers replaced over the pool's life before it stops replacing and runs on the calling thread alone. */
  maxRestarts?: number;
}

/**
 * Stopping a worker that holds a task while the job makes no progress for this long. Far above
 * any task's duration (1 MiB at a fraction of memory speed), and waiting never blocks the event
 * loop: the calling thread waits asynchronously by then.
 */
const DEFAULT_STUCK_MS = 10_000;
const DEFAULT_MAX_RESTARTS = 8;
/** The calling thread blocks for at most this long, or twice its own slowest task, whichever is more. */
const MIN_BLOCK_MS = 2;
/** Asynchronous waits wake at least this often to look for lost or hung workers. */
const POLL_MS = 250;

interface WorkerEntry {
  /** The owner number this worker claims tasks with (never reused: a replacement gets a new one). */
  readonly owner: number;
  readonly worker: PoolWorker;
  /** Ready and not lost. */
  alive: boolean;
  /** Lost (died, failed, hung or the pool stopped): its claims are to be recovered once it has halted. */
  lost: boolean;
  /** Its thread has certainly stopped running kernels (terminate() has resolved). */
  halted: boolean;
}

/** One published job: its layout and what the calling thread learned while running it. */
interface JobRun {
  readonly job: Job;
  readonly seq: number;
  readonly tasks: number;
  readonly taskElements: number;
  readonly restartable: boolean;
  /** The calling thread's own kernel threw: final, the job rejects with it. */
  callerError?: unknown;
  /** Tasks that cannot complete (lost by a dead worker mid-task, or failed there) when not restartable. */
  readonly broken: Set<number>;
  /** The slowest of the calling thread's tasks, for the blocking budget. */
  callerTaskMs: number;
  lastDone: number;
  lastProgressAt: number;
}

/**
 * Workers that run kernels on a shared WebAssembly.Memory: created once, reused by every job,
 * stopped by terminate(). A job is cut into tasks of whole cache lines that every thread, the
 * calling one included, claims one at a time from the control block; jobs reach the workers
 * through it (Atomics.store + notify), never through postMessage.
 *
 * Faults: a worker that dies (terminated, out of memory, crashed) is reported by the platform's
 * exit/error events; its claimed tasks run again on the remaining threads or the calling thread
 * (when restartable(job)), so the job completes exactly, and the pool starts a replacement. After
 * maxRestarts replacements, or if one cannot start, the pool stops its workers and runs every job
 * on the calling thread, and `fallbackReason` says why. A live worker that holds a task with no
 * progress for stuckMs is stopped and handled the same way. The calling thread never blocks for
 * much longer than its own share of the work (see completion.ts).
 *
 * Workers are unref'd in Node except while they start or a job waits for them: they never keep an
 * idle process alive.
 */
export class ThreadPool {
  readonly completion: Completion;
  readonly #async: AsyncCompletion;
  readonly #control: Int32Array<SharedArrayBuffer>;
  readonly #attributes: Float64Array<SharedArrayBuffer>;
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #program: string;
  readonly #spawn: SpawnWorker;
  readonly #stuckMs: number;
  readonly #maxRestarts: number;
  readonly #entries = new Map<number, WorkerEntry>();
  #nextOwner = 1;
  #seq = 0;
  #restarts = 0;
  #fallbackReason: string | undefined;
  #terminated: Error | undefined;
  /** A job is published and not settled: the next ones wait in #queue. */
  #busy = false;
  readonly #queue: { job: Job; resolve: () => void; reject: (error: unknown) => void }[] = [];
  readonly #wakeListeners = new Set<() => void>();
  readonly #wake: WakeSource = {
    subscribe: (listener) => {
      this.#wakeListeners.add(listener);
      return () => this.#wakeListeners.delete(listener);
    },
  };

  private constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, options: ThreadPoolOptions) {
    this.completion = options.completion ?? defaultCompletion();
    this.#async = asyncCompletionFor(this.completion);
    const buffer = new SharedArrayBuffer(CONTROL.INTS * 4);
    this.#control = new Int32Array(buffer);
    this.#attributes = new Float64Array(buffer);
    this.#control[CONTROL.POST_DONE] = this.#async.needsDoneMessages ? 1 : 0;
    this.#module = module;
    this.#memory = memory;
    this.#program = options.program ?? WORKER_PROGRAM;
    this.#spawn = options.spawn ?? platformSpawnWorker;
    this.#stuckMs = options.stuckMs ?? DEFAULT_STUCK_MS;
    this.#maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  }

  /** Starts `workerCount` workers on `memory`; resolves once all have instantiated `module`. */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, workerCount: number, options: ThreadPoolOptions = {}): Promise<ThreadPool> {
    const pool = new ThreadPool(module, memory, options);
    const starting = Array.from({ length: workerCount }, () => pool.#start());
    try {
      // Node would exit under a pending top-level await if nothing kept it alive while workers start.
      for (const entry of pool.#entries.values()) entry.worker.keepAlive(true);
      await Promise.all(starting);
      for (const entry of pool.#entries.values()) entry.worker.keepAlive(false);
      return pool;
    } catch (error) {
      // The other starts settle when terminate() stops their workers; nobody waits for them.
      for (const start of starting) start.catch(() => {});
      await pool.terminate(error as Error);
      throw error;
    }
  }

  /** Live workers (the calling thread works too, so a job runs on one more). */
  get workers(): number {
    let live = 0;
    for (const entry of this.#entries.values()) if (entry.alive) live++;
    return live;
  }

  /** Workers started to replace ones that were lost. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Why the pool stopped its workers and runs every job on the calling thread, if it did. */
  get fallbackReason(): string | undefined {
    return this.#fallbackReason;
  }

  /**
   * Runs `job` across the workers and this thread. With completion 'block' the work is usually
   * done when this returns (the promise is already settled); it is always done when the promise
   * resolves. Jobs run one at a time, in order.
   */
  run(job: Job): Promise<void> {
    if (this.#terminated !== undefined) return Promise.reject(this.#terminated);
    if (job.attributes.length > MAX_JOB_ATTRIBUTES) return Promise.reject(new RangeError(`@relu/wasm: a job takes at most ${MAX_JOB_ATTRIBUTES} attributes`));
    if (this.#busy) return new Promise<void>((resolve, reject) => this.#queue.push({ job, resolve, reject }));
    return this.#execute(job);
  }

  /**
   * Stops every worker; queued jobs reject with `reason`, and a job in flight completes on the
   * calling thread where restartable(job) (or rejects). Idempotent.
   */
  async terminate(reason: Error): Promise<void> {
    if (this.#terminated !== undefined) return;
    this.#terminated = reason;
    for (const { reject } of this.#queue.splice(0)) reject(reason);
    await Promise.all([...this.#entries.values()].map((entry) => this.#retire(entry)));
  }

  #execute(job: Job): Promise<void> {
    this.#busy = true;
    let run: JobRun;
    try {
      run = this.#publish(job);
      this.#work(run);
      if (this.completion === 'block' && blockUntil(this.#control, CONTROL.DONE, run.tasks, Math.max(MIN_BLOCK_MS, 2 * run.callerTaskMs)) && this.#advance(run)) {
        this.#conclude(run);
        this.#settled();
        return Promise.resolve();
      }
    } catch (error) {
      this.#settled();
      return Promise.reject(error);
    }
    const finished = this.#finishAsync(run);
    void finished.then(
      () => this.#settled(),
      () => this.#settled(),
    );
    return finished;
  }

  #settled(): void {
    this.#busy = false;
    const next = this.#queue.shift();
    if (next !== undefined) this.#execute(next.job).then(next.resolve, next.reject);
  }

  /** Writes the job's header and task states, then publishes it (bumps SEQ and wakes the workers). */
  #publish(job: Job): JobRun {
    const control = this.#control;
    const seq = (this.#seq = (this.#seq + 1) | 0);
    const { tasks, taskElements } = taskLayout(job, this.workers + 1);
    for (let task = 0; task < tasks; task++) Atomics.store(control, CONTROL.STATES + task, taskState(seq, CONTROL.FREE));
    // Int32 slots: addresses and counts of 2^31 and more wrap; the worker reads them back as unsigned.
    control[CONTROL.KERNEL] = job.kernel.index;
    control[CONTROL.SRC] = job.src;
    control[CONTROL.DST] = job.dst;
    control[CONTROL.N] = job.n;
    control[CONTROL.ELEMENT_BYTES] = job.kernel.elementBytes;
    control[CONTROL.TASKS] = tasks;
    control[CONTROL.TASK_ELEMENTS] = taskElements;
    for (let i = 0; i < MAX_JOB_ATTRIBUTES; i++) this.#attributes[CONTROL.ATTRIBUTES_F64 + i] = job.attributes[i] ?? 0;
    Atomics.store(control, CONTROL.DONE, 0);
    Atomics.store(control, CONTROL.SEQ, seq);
    Atomics.notify(control, CONTROL.SEQ);
    return { job, seq, tasks, taskElements, restartable: restartable(job), broken: new Set(), callerTaskMs: 0, lastDone: 0, lastProgressAt: performance.now() };
  }

  /** Claims and runs every free task of the job on this thread. */
  #work(run: JobRun): void {
    const { job, seq, tasks, taskElements } = run;
    const control = this.#control;
    const free = taskState(seq, CONTROL.FREE);
    const [a0, a1] = job.attributes;
    for (let task = 0; task < tasks; task++) {
      const word = CONTROL.STATES + task;
      if (Atomics.compareExchange(control, word, free, taskState(seq, CONTROL.CLAIMED)) !== free) continue;
      const start = task * taskElements;
      const offset = start * job.kernel.elementBytes;
      const began = performance.now();
      try {
        job.kernel.run(job.src + offset, job.dst + offset, Math.min(taskElements, job.n - start), a0, a1);
      } catch (error) {
        run.callerError ??= error;
      }
      run.callerTaskMs = Math.max(run.callerTaskMs, performance.now() - began);
      Atomics.store(control, word, taskState(seq, CONTROL.FINISHED));
      Atomics.add(control, CONTROL.DONE, 1);
    }
  }

  /**
   * Frees, for running again, the tasks that lost workers held and the tasks whose kernel threw in
   * a worker, where the job is restartable; otherwise records them as broken. Returns whether it
   * freed any. Claims of a lost worker are left alone until its thread has halted: it must not
   * write into memory that another thread is already rewriting or that the caller may reuse.
   */
  #recover(run: JobRun): boolean {
    const control = this.#control;
    let freed = false;
    for (let task = 0; task < run.tasks; task++) {
      const word = CONTROL.STATES + task;
      const state = Atomics.load(control, word);
      const status = state & 0xffff;
      let lost = status === CONTROL.FAILED;
      // Owner 0 is this thread, whose claims are always finished by the time anyone looks.
      if (status > CONTROL.CLAIMED) {
        const entry = this.#entries.get(status - CONTROL.CLAIMED);
        lost = entry === undefined || (entry.lost && entry.halted);
      }
      if (!lost) continue;
      if (!run.restartable) {
        run.broken.add(task);
        continue;
      }
      if (Atomics.compareExchange(control, word, state, taskState(run.seq, CONTROL.FREE)) !== state) continue;
      // A failed task was counted as finished; a lost claim never was.
      if (status === CONTROL.FAILED) Atomics.sub(control, CONTROL.DONE, 1);
      freed = true;
    }
    return freed;
  }

  /**
   * Runs here whatever recovery frees, until recovery frees nothing; returns whether every task
   * is then final (finished, or broken where the job is not restartable). DONE is read before
   * recovery looks: every task it counts was final then, so a task that failed in a worker is
   * always seen by that look, never counted as done.
   */
  #advance(run: JobRun): boolean {
    for (;;) {
      const done = Atomics.load(this.#control, CONTROL.DONE);
      if (this.#recover(run)) {
        run.lastProgressAt = performance.now();
        this.#work(run);
        continue;
      }
      return done + this.#brokenClaims(run) >= run.tasks;
    }
  }

  /** Tasks broken while claimed (not counted in DONE): those a lost worker held. */
  #brokenClaims(run: JobRun): number {
    let count = 0;
    for (const task of run.broken) if ((Atomics.load(this.#control, CONTROL.STATES + task) & 0xffff) >= CONTROL.CLAIMED) count++;
    return count;
  }

  async #finishAsync(run: JobRun): Promise<void> {
    const control = this.#control;
    this.#keepAlive(true);
    try {
      while (!this.#advance(run)) {
        const done = Atomics.load(control, CONTROL.DONE);
        const now = performance.now();
        if (done !== run.lastDone) {
          run.lastDone = done;
          run.lastProgressAt = now;
        } else if (now - run.lastProgressAt > this.#stuckMs && this.#stopHung(run)) {
          run.lastProgressAt = now;
        }
        await this.#async.sleep(control, CONTROL.DONE, done, POLL_MS, this.#wake);
      }
    } finally {
      this.#keepAlive(false);
    }
    this.#conclude(run);
  }

  /** Stops the live workers that hold tasks of a job that makes no progress; returns whether any. */
  #stopHung(run: JobRun): boolean {
    let stopped = false;
    for (let task = 0; task < run.tasks; task++) {
      const status = Atomics.load(this.#control, CONTROL.STATES + task) & 0xffff;
      const entry = status > CONTROL.CLAIMED ? this.#entries.get(status - CONTROL.CLAIMED) : undefined;
      if (entry?.alive) {
        this.#lose(entry, new Error(`@relu/wasm: a worker thread made no progress for ${this.#stuckMs} ms and was stopped`));
        stopped = true;
      }
    }
    return stopped;
  }

  #conclude(run: JobRun): void {
    if (run.callerError !== undefined) throw run.callerError;
    if (run.broken.size > 0) {
      const ranges = [...run.broken].sort((a, b) => a - b).map((task) => `[${task * run.taskElements}, ${Math.min((task + 1) * run.taskElements, run.job.n)})`);
      throw new Error(
        `@relu/wasm: a worker thread died or failed while running ${run.job.kernel.op} in place; elements ${ranges.join(', ')} of the tensor ` +
          `may have been transformed partly, and ${run.job.kernel.op} cannot run twice on the same element (run it out of place, out !== x, ` +
          'to let the pool run a lost task again)',
      );
    }
  }

  /** Starts one worker; resolves once it is ready. */
  #start(): Promise<WorkerEntry> {
    const owner = this.#nextOwner++;
    return new Promise<WorkerEntry>((resolve, reject) => {
      let entry: WorkerEntry | undefined;
      const worker = this.#spawn(this.#program, {
        message: (data) => {
          const message = data as WorkerMessage;
          if (message.type === 'done') this.#async.onDoneMessage();
          else if (message.type === 'ready' && entry !== undefined && !entry.lost) {
            entry.alive = true;
            resolve(entry);
          } else if (message.type === 'error' && entry !== undefined) {
            this.#lose(entry, new Error(`@relu/wasm: a worker could not instantiate the module: ${message.message}`));
            reject(new Error(`@relu/wasm: a worker could not instantiate the module: ${message.message}`));
          }
        },
        failure: (error) => {
          if (entry === undefined) return;
          const wasAlive = entry.alive;
          this.#lose(entry, error);
          if (!wasAlive) reject(error);
        },
      });
      entry = { owner, worker, alive: false, lost: false, halted: false };
      this.#entries.set(owner, entry);
      worker.postMessage({
        module: this.#module,
        memory: this.#memory,
        control: this.#control.buffer,
        owner,
        names: KERNEL_EXPORT_NAMES,
        // One behind: a replacement that starts during a job joins it and may claim its free tasks.
        seq: Atomics.load(this.#control, CONTROL.SEQ) - 1,
      });
    });
  }

  /** A worker is lost: stop it for good, wake the caller, and replace it (or fall back to one thread). */
  #lose(entry: WorkerEntry, error: Error): void {
    if (entry.lost) return;
    const wasAlive = entry.alive;
    void this.#retire(entry);
    if (!wasAlive || this.#terminated !== undefined || this.#fallbackReason !== undefined) return;
    if (this.#restarts >= this.#maxRestarts) {
      this.#fallBack(`${this.#restarts} worker threads were lost and replaced, the last one because: ${error.message}`);
      return;
    }
    this.#restarts++;
    this.#start().catch((startError: Error) => this.#fallBack(`a lost worker thread could not be replaced: ${startError.message}`));
  }

  /** Marks the worker lost and terminates it; once it has halted, its claims may be recovered. */
  async #retire(entry: WorkerEntry): Promise<void> {
    const first = !entry.lost;
    entry.lost = true;
    entry.alive = false;
    this.#signal();
    if (!first) return;
    try {
      await entry.worker.terminate();
    } finally {
      entry.halted = true;
      this.#signal();
    }
  }

  #fallBack(reason: string): void {
    if (this.#fallbackReason !== undefined || this.#terminated !== undefined) return;
    this.#fallbackReason = reason;
    for (const entry of this.#entries.values()) void this.#retire(entry);
  }

  #signal(): void {
    for (const listener of [...this.#wakeListeners]) listener();
  }

  #keepAlive(on: boolean): void {
    for (const entry of this.#entries.values()) if (entry.alive) entry.worker.keepAlive(on);
  }
}
