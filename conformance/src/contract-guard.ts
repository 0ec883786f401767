import { type ReluBackend, type ReluTypedArray, type RunOptions, type WordView, describeValue, elementBits, typedArrayName, wordsOf, wordsPerElement } from '@relu/core';
import { type RowContext, describeContext } from './scope.js';
import type { Subject } from './subject.js';
import { nextDifference } from './tally.js';

/** A run() call that did not settle within the deadline. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** A run() call that broke the ReluBackend contract: wrong result type or length, its input returned or modified. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/**
 * The pristine copy of an input, to tell after a call whether the backend wrote into it. A sweep
 * keeps one seal and recaptures it per chunk (a copy into the same buffer, no fresh memory); the
 * check after each call is the same word scan as the output comparison.
 */
export class InputSeal {
  #pristine: ReluTypedArray;
  #pristineWords: WordView;

  constructor(input: ReluTypedArray) {
    this.#pristine = input.slice() as ReluTypedArray;
    this.#pristineWords = wordsOf(this.#pristine);
  }

  /** Seals `input` instead, reusing the copy's memory when the length allows. */
  capture(input: ReluTypedArray): this {
    if (this.#pristine.length !== input.length || this.#pristine.constructor !== input.constructor) {
      this.#pristine = input.slice() as ReluTypedArray;
      this.#pristineWords = wordsOf(this.#pristine);
    } else {
      this.#pristineWords.set(wordsOf(input) as never);
    }
    return this;
  }

  /** Undefined when `input` still holds the sealed bits; else what changed, and the input is restored. */
  broken(input: ReluTypedArray, dtype: RowContext['dtype']): string | undefined {
    const words = wordsOf(input);
    const w = nextDifference(this.#pristineWords, words, 0);
    if (w < 0) return undefined;
    const i = Math.floor(w / wordsPerElement(dtype));
    const message = `run() wrote into its input: element [${i}] changed from ${elementBits(dtype, this.#pristine, i)} to ${elementBits(dtype, input, i)}`;
    words.set(this.#pristineWords as never);
    return message;
  }
}

/**
 * `promise`, or a rejection with `timeout()` once `ms` pass. The timer keeps the event loop alive
 * until then, so a promise that never settles cannot let the process exit as if all were well.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const isTypedArray = (value: unknown): value is ReluTypedArray => ArrayBuffer.isView(value) && !(value instanceof DataView);

/** Why `y` is not a valid result of run(x), or undefined. */
function resultProblem(x: ReluTypedArray, y: unknown): string | undefined {
  const expected = `a new ${typedArrayName(x)} of length ${x.length}`;
  if (!isTypedArray(y)) return `run() returned ${describeValue(y)}; expected ${expected}`;
  if (typedArrayName(y) !== typedArrayName(x)) return `run() returned a ${typedArrayName(y)}, another dtype; expected ${expected}`;
  if (y.length !== x.length) return `run() returned ${y.length} elements; expected ${expected}`;
  if (y === x) return `run() returned its input array itself; expected ${expected}`;
  if (y.buffer === x.buffer && x.length > 0) return `run() returned a view of its input's buffer; expected ${expected}`;
  return undefined;
}

/**
 * Every call the suite makes to a subject goes through its guard: a deadline (a call that never
 * settles fails the subject instead of hanging the suite or letting it exit as a pass; the timer
 * keeps the event loop alive until then), the contract checks on the result, and, given a seal,
 * the check that the input was left alone. After a missed deadline the subject is not called
 * again: its earlier call may still be running.
 */
export class CallGuard {
  #hung: string | undefined;

  constructor(
    readonly subject: Subject,
    readonly deadlineMs: number,
  ) {}

  get hung(): string | undefined {
    return this.#hung;
  }

  /**
   * The options run() receives: a backend that declares no `ops` runs ReLU only and is called
   * with `{ dtype }` alone, as every backend was before ops were values; one that declares them
   * gets the op and its attributes.
   */
  static runOptions(backend: ReluBackend, context: RowContext): RunOptions {
    return backend.ops === undefined ? { dtype: context.dtype } : { dtype: context.dtype, op: context.op, attributes: context.attributes };
  }

  async run(x: ReluTypedArray, context: RowContext, test: string, seal?: InputSeal): Promise<ReluTypedArray> {
    const { profile, backend, origin } = this.subject;
    const label = `${profile.name} (${origin}): run() of ${describeContext(context)} in ${test}`;
    if (this.#hung) throw new DeadlineError(`${label}: not called, because ${this.#hung}`);
    const seconds = this.deadlineMs / 1000;
    let y: unknown;
    try {
      y = await settleWithin(
        Promise.resolve().then(() => backend.run(x, CallGuard.runOptions(backend, context))),
        this.deadlineMs,
        () => new DeadlineError(`${label} did not settle within the ${seconds} s deadline (set it with --deadline or RELU_DEADLINE)`),
      );
    } catch (error) {
      if (error instanceof DeadlineError) this.#hung = `it missed the ${seconds} s deadline in ${test} (${describeContext(context)})`;
      throw error;
    }
    // The seal is checked (and the input restored for the next subject) even when the result is wrong too.
    const problems = [resultProblem(x, y), seal?.broken(x, context.dtype)].filter((p) => p !== undefined);
    if (problems.length > 0) throw new ContractViolation(`${label}: ${problems.join('; ')}`);
    return y as ReluTypedArray;
  }

  /** dispose() under the same deadline, so closing a hung subject cannot hang the suite. */
  async dispose(): Promise<void> {
    if (this.#hung) return;
    const { profile, origin } = this.subject;
    await settleWithin(Promise.resolve().then(() => this.subject.backend.dispose()), this.deadlineMs, () => new DeadlineError(`${profile.name} (${origin}): dispose() did not settle within ${this.deadlineMs / 1000} s`));
  }
}
