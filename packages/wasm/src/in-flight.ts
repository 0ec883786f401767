/** The asynchronous runs of one runtime that have not settled, so that dispose() can let them finish. */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** Tracks `promise` until it settles; returns it. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const untrack = (): void => void this.#pending.delete(promise);
    promise.then(untrack, untrack);
    return promise;
  }

  /** Resolves once every tracked run has settled, runs tracked meanwhile included. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
