import { MAX_TASKS } from './job.js';

/**
 * Layout of the pool's control block, an Int32Array on a SharedArrayBuffer. The job header and
 * the attributes (as f64, from byte 64) each have their own cache line; then one state word per
 * task. The caller writes the header and the task states, then bumps SEQ (Atomics.store + notify)
 * to publish the job; every thread, the caller included, claims tasks by compare-exchange on
 * their state words and counts each finished task in DONE.
 */
export const CONTROL = {
  /** Job sequence number. */
  SEQ: 0,
  /** Index of the kernel in the export names every worker got at start. */
  KERNEL: 1,
  SRC: 2,
  DST: 3,
  N: 4,
  ELEMENT_BYTES: 5,
  TASKS: 6,
  TASK_ELEMENTS: 7,
  /** Tasks finished (done or failed); the caller waits on this word. */
  DONE: 8,
  /** 1: workers also post { type: 'done' } after each task, for callers that can neither block nor waitAsync. */
  POST_DONE: 9,
  /** The attributes, as a Float64Array index into the same buffer (byte 64). */
  ATTRIBUTES_F64: 8,
  /** The first task state word. */
  STATES: 32,
  /** Int32 words in the block. */
  INTS: 32 + MAX_TASKS,
  /**
   * A task state word is (tag << 16) | status, tag being SEQ & TAG_MASK: a worker still holding
   * an older job's header can then never claim a task of the next job.
   */
  TAG_MASK: 0x7fff,
  FREE: 0,
  FINISHED: 1,
  FAILED: 2,
  /** CLAIMED + owner: claimed by that owner (0 is the calling thread, workers count from 1). */
  CLAIMED: 3,
} as const;

/** The state word of a task of job `seq` with `status`. */
export function taskState(seq: number, status: number): number {
  return ((seq & CONTROL.TAG_MASK) << 16) | status;
}

/**
 * The program every pool worker runs, as source text (a function expression of (post, listen)):
 * it is inlined into a Blob URL or a worker_threads eval, never loaded from a file. Plain
 * JavaScript that TypeScript does not see, so it is kept small; the thread tests run it.
 *
 * It gets one message, { module, memory, control, owner, names, seq }, instantiates the same
 * compiled module on the same shared memory as the caller (so its kernels read and write the
 * caller's tensors directly), answers { type: 'ready' } (or { type: 'error', message }), and from
 * then on takes jobs through the control block only: it sleeps in Atomics.wait until SEQ moves,
 * then claims and runs free tasks of that job until none is left. A futex round trip costs about
 * 10 us where a postMessage round trip through the event loops costs about 50 us.
 */
export const WORKER_PROGRAM = `(post, listen) => {
  const C = ${JSON.stringify(CONTROL)};
  const messageOf = (error) => String((error && error.message) || error);
  function serve(exports, control, attributes, owner, names, seen) {
    const kernels = names.map((name) => exports[name]);
    for (;;) {
      Atomics.wait(control, C.SEQ, seen);
      const seq = Atomics.load(control, C.SEQ);
      if (seq === seen) continue;
      seen = seq;
      const tag = (seq & C.TAG_MASK) << 16;
      const kernel = kernels[Atomics.load(control, C.KERNEL)];
      const src = Atomics.load(control, C.SRC);
      const dst = Atomics.load(control, C.DST);
      // Counts of 2^31 and more come back negative from an Int32 slot.
      const n = Atomics.load(control, C.N) >>> 0;
      const bytes = Atomics.load(control, C.ELEMENT_BYTES);
      const tasks = Atomics.load(control, C.TASKS);
      const per = Atomics.load(control, C.TASK_ELEMENTS) >>> 0;
      const a0 = attributes[C.ATTRIBUTES_F64];
      const a1 = attributes[C.ATTRIBUTES_F64 + 1];
      for (let task = 0; task < tasks; task++) {
        const word = C.STATES + task;
        // Only a free task of this very job: a stale header never wins a claim.
        if (Atomics.compareExchange(control, word, tag | C.FREE, tag | (C.CLAIMED + owner)) !== (tag | C.FREE)) continue;
        const start = task * per;
        let status = C.FINISHED;
        try {
          // Addresses above 2 GiB are negative int32s here; the kernel reads the same 32 bits as unsigned.
          kernel(src + start * bytes, dst + start * bytes, Math.min(per, n - start), a0, a1);
        } catch (error) {
          status = C.FAILED;
        }
        Atomics.store(control, word, tag | status);
        Atomics.add(control, C.DONE, 1);
        Atomics.notify(control, C.DONE);
        if (Atomics.load(control, C.POST_DONE)) post({ type: 'done' });
      }
    }
  }
  listen((message) => {
    WebAssembly.instantiate(message.module, { env: { memory: message.memory } }).then(
      (instance) => {
        post({ type: 'ready' });
        // Blocks this worker's event loop for good: every job arrives through the control block.
        serve(instance.exports, new Int32Array(message.control), new Float64Array(message.control), message.owner, message.names, message.seq);
      },
      (error) => post({ type: 'error', message: messageOf(error) }),
    );
  });
}`;
