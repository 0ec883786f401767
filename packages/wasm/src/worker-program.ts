/**
 * Layout of each worker's slot in the pool's control block (an Int32Array on a SharedArrayBuffer),
 * one 64-byte cache line per worker so that two workers' slots never share a line.
 */
export const CONTROL = {
  /** Job sequence number: the caller bumps it (Atomics.store + notify) to hand the worker a job. */
  JOB: 0,
  /** Index into the kernel names the worker got at init; -1 tells the worker to stop. */
  KERNEL: 1,
  SRC: 2,
  DST: 3,
  N: 4,
  /** The worker stores the job's sequence number here (and notifies) when its chunk is done. */
  DONE: 5,
  /** 1 when the worker's kernel threw. */
  FAILED: 6,
  /** 1 asks the worker to also post { type: 'done' }: for callers that can neither block nor waitAsync. */
  POST_DONE: 7,
  /** Int32 elements per worker slot (64 bytes). */
  SLOT_INTS: 16,
} as const;

/**
 * The program every pool worker runs, as source text (a function expression of (post, listen)):
 * it is inlined into a Blob URL or a worker_threads eval, never loaded from a file. Plain
 * JavaScript that TypeScript does not see, so it is kept small; the thread tests run it.
 *
 * It gets one message, { module, memory, control, slot, kernels }, instantiates the same compiled
 * module on the same shared memory as the caller (so its kernels read and write the caller's
 * tensors directly), answers { type: 'ready' } (or { type: 'error', message }), and from then on
 * takes jobs through the control block only: it sleeps in Atomics.wait until the job number
 * changes, runs its chunk, stores the number in DONE and notifies. A futex round trip costs
 * about 10 us where a postMessage round trip through the event loops costs about 50 us.
 */
export const WORKER_PROGRAM = `(post, listen) => {
  const C = ${JSON.stringify(CONTROL)};
  const messageOf = (error) => String((error && error.message) || error);
  function serve(exports, control, base, names) {
    const kernels = names.map((name) => exports[name]);
    // Not read from the control block: the caller may hand out job 1 as soon as 'ready' arrives,
    // before this line runs, and reading 1 here would make the worker sleep through it.
    let job = 0;
    for (;;) {
      Atomics.wait(control, base + C.JOB, job);
      const next = Atomics.load(control, base + C.JOB);
      if (next === job) continue;
      job = next;
      const kernel = control[base + C.KERNEL];
      if (kernel < 0) return;
      let failed = 0;
      try {
        kernels[kernel](control[base + C.SRC], control[base + C.DST], control[base + C.N]);
      } catch (error) {
        failed = 1;
      }
      Atomics.store(control, base + C.FAILED, failed);
      Atomics.store(control, base + C.DONE, job);
      Atomics.notify(control, base + C.DONE);
      if (Atomics.load(control, base + C.POST_DONE)) post({ type: 'done' });
    }
  }
  listen((message) => {
    WebAssembly.instantiate(message.module, { env: { memory: message.memory } }).then(
      (instance) => {
        post({ type: 'ready' });
        // Blocks this worker's event loop for good: every job arrives through the control block.
        serve(instance.exports, new Int32Array(message.control), message.slot * C.SLOT_INTS, message.kernels);
      },
      (error) => post({ type: 'error', message: messageOf(error) }),
    );
  });
}`;
