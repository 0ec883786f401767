import { BackendDisposedError, type CheckedRun, type ReluTypedArray, copyElements } from '@relu/core';
import { FixedViews } from './memory-views.js';
import type { Heap } from './heap.js';
import type { InFlight } from './in-flight.js';
import { type KernelRef, type KernelTable, attributeArguments } from './kernels.js';
import type { RuntimeParts } from './runtime.js';
import type { ThreadPool } from './thread-pool.js';

/**
 * The backend's run(): copies an ordinary typed array into WebAssembly memory, runs the op's
 * kernel there, and copies the result out into a new array of x's intrinsic kind. x is read in
 * full, by one copy, before anything can wait: a caller that writes to, transfers or resizes x's
 * buffer while the promise is pending never changes the result.
 *
 * x is read only as its internal slots say (the kind and length checkRun read from them): the
 * copy in is %TypedArray%.prototype.set of a memory view of x's kind, which reads x's
 * [[ViewedArrayBuffer]] and [[ArrayLength]] and calls nothing a subclass can override, and the
 * copy out is a slice() of that view, a plain array of the kind whatever x's class says.
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
  readonly #fixed: FixedViews;

  constructor(parts: RuntimeParts) {
    this.#heap = parts.heap;
    this.#kernels = parts.kernels;
    this.#pool = parts.pool;
    // Without a pool nothing is ever split: the threshold is out of reach.
    this.#parallelThresholdBytes = parts.pool === undefined ? Number.POSITIVE_INFINITY : Math.max(1, parts.parallelThresholdBytes);
    this.#inFlight = parts.inFlight;
    this.#fixed = new FixedViews(parts.heap.memory, parts.heap.scratchAddress);
  }

  /**
   * The op of x (already checked: `call` is what checkRun returned for it) into a new array:
   * synchronously on this thread, or a promise when the pool runs it.
   */
  run(backend: string, call: CheckedRun, x: ReluTypedArray): ReluTypedArray | Promise<ReluTypedArray> {
    const heap = this.#heap;
    if (heap.state !== 'open') throw new BackendDisposedError(backend);
    const kernel = this.#kernels.get(call.op.name, call.dtype)!;
    const n = call.length;
    const bytes = n * kernel.elementBytes;
    if (bytes >= this.#parallelThresholdBytes) return this.#inFlight.track(this.#runParallel(backend, kernel, call, x));
    const attributes = attributeArguments(kernel, call.attributes);
    if (n <= FixedViews.MAX_ELEMENTS && bytes <= heap.scratchBytes && n > 0) {
      // A few elements: element loops through views of the scratch region of exactly n elements.
      const view = this.#fixed.of(call.kind, n);
      copyElements(view, x, n);
      kernel.call(heap.scratchAddress, heap.scratchAddress, n, attributes);
      const y = new call.kind.Constructor(n);
      copyElements(y, view, n);
      return y;
    }
    if (bytes <= heap.scratchBytes) {
      // The scratch region: no allocation, and its address is fixed.
      const index = heap.scratchAddress / kernel.elementBytes;
      const view = heap.views.of(call.kind, index + n);
      view.set(x as never, index);
      kernel.call(heap.scratchAddress, heap.scratchAddress, n, attributes);
      return view.slice(index, index + n) as ReluTypedArray;
    }
    const block = heap.allocator.allocate(`${backend}.run`, bytes);
    try {
      const index = block.address / kernel.elementBytes;
      const view = heap.views.of(call.kind, index + n);
      view.set(x as never, index);
      kernel.call(block.address, block.address, n, attributes);
      return view.slice(index, index + n) as ReluTypedArray;
    } finally {
      heap.allocator.free(block.address, block.size);
    }
  }

  /**
   * On the pool, out of place where the op is not idempotent, so that a task a dead worker left
   * half done can always run again from intact input.
   */
  async #runParallel(backend: string, kernel: KernelRef, call: CheckedRun, x: ReluTypedArray): Promise<ReluTypedArray> {
    const fn = `${backend}.run`;
    const heap = this.#heap;
    const n = call.length;
    const bytes = n * kernel.elementBytes;
    const src = heap.allocator.allocate(fn, bytes);
    let dst = src;
    try {
      if (!kernel.idempotent) dst = heap.allocator.allocate(fn, bytes);
      const srcIndex = src.address / kernel.elementBytes;
      heap.views.of(call.kind, srcIndex + n).set(x as never, srcIndex);
      await this.#pool!.run({ kernel, src: src.address, dst: dst.address, n, attributes: attributeArguments(kernel, call.attributes) });
      // The memory may have grown while the job ran: views of the buffer it has now.
      const dstIndex = dst.address / kernel.elementBytes;
      return heap.views.of(call.kind, dstIndex + n).slice(dstIndex, dstIndex + n) as ReluTypedArray;
    } finally {
      heap.allocator.free(src.address, src.size);
      if (dst !== src) heap.allocator.free(dst.address, dst.size);
    }
  }
}
