import { BackendDisposedError, type ReluTypedArray, type RunCall, argumentTypeError, sameTypeArray, typedArrayName } from '@relu/core';
import type { Heap } from './heap.js';
import type { InFlight } from './in-flight.js';
import { type KernelRef, type KernelTable, attributeArguments } from './kernels.js';
import { builtInPrototype } from './memory-views.js';
import type { RuntimeParts } from './runtime.js';
import type { ThreadPool } from './thread-pool.js';
import { arrayNameOf } from './typed-arrays.js';

/**
 * The backend's run(): copies an ordinary typed array into WebAssembly memory, runs the op's
 * kernel there, and copies the result out into a new array of x's type. x is read in full, by one
 * copy, before anything can wait: a caller that writes to, transfers or resizes x's buffer while
 * the promise is pending never changes the result.
 *
 * The per-call cost is the contract's own memory traffic, and little more: the copies go through
 * views of the whole memory made once (MemoryViews), small runs use a scratch region instead of
 * allocating, and the result is a slice() of the memory (one allocation, one byte copy).
 */
export class ArrayRunner {
  readonly #heap: Heap;
  readonly #kernels: KernelTable;
  readonly #pool: ThreadPool | undefined;
  readonly #parallelThresholdBytes: number;
  readonly #inFlight: InFlight;

  constructor(parts: RuntimeParts) {
    this.#heap = parts.heap;
    this.#kernels = parts.kernels;
    this.#pool = parts.pool;
    this.#parallelThresholdBytes = parts.parallelThresholdBytes;
    this.#inFlight = parts.inFlight;
  }

  /**
   * The op of x (already checked: `call` is what checkOpRunArguments returned) into a new array:
   * synchronously on this thread, or a promise when the pool runs it.
   */
  run(backend: string, call: RunCall, x: ReluTypedArray): ReluTypedArray | Promise<ReluTypedArray> {
    const fn = `${backend}.run`;
    const heap = this.#heap;
    if (heap.state !== 'open') throw new BackendDisposedError(backend);
    const kernel = this.#kernels.get(call.op.name, call.dtype)!;
    // Copies go between arrays of x's own type: bytes, never values (Float16Array stays Float16Array).
    const viewName = call.dtype === 'float16' ? typedArrayName(x) : arrayNameOf(call.dtype);
    const n = x.length;
    const bytes = n * kernel.elementBytes;
    const attributes = attributeArguments(kernel, call.attributes);
    if (this.#pool !== undefined && bytes >= this.#parallelThresholdBytes && bytes > 0) {
      return this.#inFlight.track(this.#runParallel(fn, kernel, viewName, x, attributes));
    }
    const block = bytes <= heap.scratchBytes ? undefined : heap.allocator.allocate(fn, bytes);
    const address = block === undefined ? heap.scratchAddress : block.address;
    try {
      const index = address / kernel.elementBytes;
      const view = heap.views.of(viewName, index + n);
      copyIn(fn, view, x, index);
      kernel.run(address, address, n, attributes[0], attributes[1]);
      return copyOut(fn, view, index, n, x, viewName);
    } finally {
      if (block !== undefined) heap.allocator.free(block.address, block.size);
    }
  }

  /**
   * On the pool, out of place where the op is not idempotent, so that a task a dead worker left
   * half done can always run again from intact input.
   */
  async #runParallel(fn: string, kernel: KernelRef, viewName: string, x: ReluTypedArray, attributes: readonly number[]): Promise<ReluTypedArray> {
    const heap = this.#heap;
    const n = x.length;
    const bytes = n * kernel.elementBytes;
    const src = heap.allocator.allocate(fn, bytes);
    let dst = src;
    try {
      if (!kernel.idempotent) dst = heap.allocator.allocate(fn, bytes);
      const srcIndex = src.address / kernel.elementBytes;
      copyIn(fn, heap.views.of(viewName, srcIndex + n), x, srcIndex);
      await this.#pool!.run({ kernel, src: src.address, dst: dst.address, n, attributes });
      // The memory may have grown while the job ran: views of the buffer it has now.
      const dstIndex = dst.address / kernel.elementBytes;
      return copyOut(fn, heap.views.of(viewName, dstIndex + n), dstIndex, n, x, viewName);
    } finally {
      heap.allocator.free(src.address, src.size);
      if (dst !== src) heap.allocator.free(dst.address, dst.size);
    }
  }
}

/** x's bits into the memory from element `index` of `view` (a view of x's type); x must be readable in full. */
function copyIn(fn: string, view: ReluTypedArray, x: ReluTypedArray, index: number): void {
  try {
    (view as Float32Array).set(x as Float32Array, index);
  } catch (error) {
    // The one thing set() refuses after the argument checks: a view its resizable buffer no longer holds.
    throw new TypeError(`${fn}: x must be readable in full; got a ${typedArrayName(x)} that its (resizable) ArrayBuffer no longer holds (${(error as Error).message})`);
  }
}

/** A new array of x's type holding elements [index, index + n) of `view`. */
function copyOut(fn: string, view: ReluTypedArray, index: number, n: number, x: ReluTypedArray, viewName: string): ReluTypedArray {
  // A built-in array (no subclass): slice() of the memory view is already the new array.
  if (Object.getPrototypeOf(x) === builtInPrototype(viewName)) return (view as Float32Array).slice(index, index + n) as ReluTypedArray;
  const y = sameTypeArray(x);
  if (!ArrayBuffer.isView(y) || typedArrayName(y) !== viewName || y.length !== n) {
    throw argumentTypeError(fn, 'x', `a typed array whose constructor makes new arrays of its own type and length (${viewName} of ${n})`, x);
  }
  (y as Float32Array).set((view as Float32Array).subarray(index, index + n));
  return y;
}
