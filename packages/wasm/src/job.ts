import type { KernelRef } from './kernels.js';

/** One parallel run: a kernel over n elements from byte address src to dst, with its attributes. */
export interface Job {
  readonly kernel: KernelRef;
  readonly src: number;
  readonly dst: number;
  readonly n: number;
  /** The kernel's attribute values, in its order (at most MAX_JOB_ATTRIBUTES). */
  readonly attributes: readonly number[];
}

/** The control block has this many f64 attribute slots (scripts/kernel-source.mjs checks the ops). */
export const MAX_JOB_ATTRIBUTES = 2;

/** A job is cut into at most this many tasks (one state word each in the control block). */
export const MAX_TASKS = 64;

/**
 * Tasks aim at this size: large enough that claiming one (a compare-exchange) costs nothing next
 * to it, small enough that the threads finish together and that a task a dead worker leaves
 * behind is cheap to run again.
 */
const TASK_BYTES = 1024 * 1024;

/**
 * Whether a task that a worker left half done (it died or hung mid-kernel) may simply run again:
 * when the source is intact (out of place), or when running the op twice gives the same bits as
 * once (ReLU and ReLU6 are idempotent; leaky ReLU in place is not: it would multiply twice).
 */
export function restartable(job: Job): boolean {
  return job.src !== job.dst || job.kernel.idempotent;
}

/** How a job is cut: `tasks` tasks of `taskElements` elements (the last one shorter), in whole cache lines. */
export function taskLayout(job: Job, threads: number): { tasks: number; taskElements: number } {
  if (job.n === 0) return { tasks: 0, taskElements: 0 };
  const bytes = job.n * job.kernel.elementBytes;
  const wanted = Math.min(MAX_TASKS, Math.max(threads, Math.ceil(bytes / TASK_BYTES)));
  // Whole 64-byte cache lines per task: no two threads write the same line.
  const grain = Math.max(1, 64 / job.kernel.elementBytes);
  const taskElements = Math.ceil(job.n / wanted / grain) * grain;
  return { tasks: Math.ceil(job.n / taskElements), taskElements };
}
