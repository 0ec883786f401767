/**
 * Reusable memory for captured inputs. run() copies x before its first await (capture.ts); a
 * fresh ArrayBuffer for a large copy costs more than the copy itself, since every page of new
 * memory faults on first write (measured on this VM: `x.slice()` of 1e6 float32 took 40-77 ms
 * under load, a copy into memory already touched 0.2-1 ms). So copies of LARGE inputs go into
 * buffers that earlier runs used and gave back once onnxruntime and the canonical repair were
 * done with them. Small copies (under POOLED_MIN_BYTES) are left to the JS heap, which is fast
 * for them, so the one-element hot path does not touch the pool.
 */
export const POOLED_MIN_BYTES = 1 << 16;
/** At most this many bytes wait in a backend's pool; the rest are left to the garbage collector. */
export const POOL_MAX_BYTES = 1 << 25;
const POOL_MAX_BUFFERS = 4;

export class InputPool {
  readonly #free: ArrayBuffer[] = [];
  #freeBytes = 0;

  /** A buffer of at least `byteLength` bytes (at most twice that, so a small input never holds a big buffer). */
  take(byteLength: number): ArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.#free.length; i++) {
      const size = this.#free[i]!.byteLength;
      if (size >= byteLength && size <= 2 * byteLength && (best < 0 || size < this.#free[best]!.byteLength)) best = i;
    }
    if (best < 0) return new ArrayBuffer(byteLength);
    const [buffer] = this.#free.splice(best, 1);
    this.#freeBytes -= buffer!.byteLength;
    return buffer!;
  }

  /** Gives back a buffer from take() that nothing reads any more. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength > POOL_MAX_BYTES) return;
    while (this.#free.length >= POOL_MAX_BUFFERS || this.#freeBytes + buffer.byteLength > POOL_MAX_BYTES) {
      const dropped = this.#free.shift();
      if (!dropped) return;
      this.#freeBytes -= dropped.byteLength;
    }
    this.#free.push(buffer);
    this.#freeBytes += buffer.byteLength;
  }

  /** Drops every waiting buffer (dispose). */
  clear(): void {
    this.#free.length = 0;
    this.#freeBytes = 0;
  }

  get freeBytes(): number {
    return this.#freeBytes;
  }
}
