import { spawnWorker } from '#platform';
import type { PoolWorker, SpawnWorker } from '../pool-worker.js';
import { WORKER_PROGRAM } from '../worker-program.js';

/**
 * The pool's worker program with every kernel wrapped: before each call, the worker runs `code`
 * (JavaScript inside the worker), which sees `owner` (the worker's owner number: 1 and 2 for the
 * first two workers, higher for replacements), `calls` (kernel calls so far in this worker) and
 * Node's `process`; `atStart` runs once the worker knows its owner, before it instantiates the
 * module. Only the program text changes: the pool under test is the real one.
 */
export function faultyProgram(code: string, atStart = ''): string {
  return `(post, listen) => {
  let owner = 0;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (module, imports) => instantiate(module, imports).then((instance) => {
    const exports = {};
    let calls = 0;
    for (const [name, value] of Object.entries(instance.exports)) {
      exports[name] = typeof value !== 'function' ? value : (...args) => { calls++; ${code}; return value(...args); };
    }
    return { exports };
  });
  (${WORKER_PROGRAM})(post, (listener) => listen((message) => { owner = message.owner; ${atStart}; listener(message); }));
}`;
}

/** Worker code for the faults under test. */
export const FAULTS = {
  /** Every kernel call takes `ms` longer (a busy wait): the job is still running when the test strikes. */
  delay: (ms: number) => `{ const until = Date.now() + ${ms}; while (Date.now() < until); }`,
  /** The first worker leaves with process.exit in the middle of its first task. */
  exit: 'if (owner === 1) process.exit(7)',
  /** The first worker's kernel throws (the worker program catches it: the task is marked failed). */
  throw: "if (owner === 1) throw new Error('injected kernel failure')",
  /**
   * The first worker crashes with an uncaught error after its first task's kernel ran but before
   * the task is marked finished: the claim stays, as after a crash mid-task.
   */
  crash: "if (owner === 1) Atomics.store = () => { throw new Error('injected crash'); }",
  /** The first worker never returns from its first kernel call. */
  hang: 'if (owner === 1) for (;;) {}',
} as const;

/** The platform's spawnWorker, recording every worker it starts (tests terminate them from outside). */
export function recordingSpawn(): { spawn: SpawnWorker; workers: PoolWorker[] } {
  const workers: PoolWorker[] = [];
  return {
    workers,
    spawn: (program, handlers) => {
      const worker = spawnWorker(program, handlers);
      workers.push(worker);
      return worker;
    },
  };
}
