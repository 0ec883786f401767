import type { ArrayKind, ReluTypedArray } from '@relu/core';

type WholeBufferView = new (buffer: ArrayBufferLike) => ReluTypedArray;

/**
 * One view per typed array kind over the whole memory, made again only when it no longer reaches
 * the elements asked for: growth detaches an unshared memory's buffer (the old view's length drops
 * to 0) and leaves a shared memory's old views short. Copies between an array and the memory then
 * go through TypedArray.prototype.set and slice at an element index, which copy bytes between
 * arrays of one type, with no view to make per call (and no read of memory.buffer, a call into
 * the engine that costs as much as the copy of a small array). Views are made by the kind's
 * intrinsic constructor, so that slice() gives a plain array of the kind.
 */
export class MemoryViews {
  readonly #memory: WebAssembly.Memory;
  #buffer: ArrayBufferLike | undefined;
  /** By ArrayKind.index: one element load is the cheapest lookup on the per-call path. */
  #views: (ReluTypedArray | undefined)[] = [];

  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }

  /** A view of the whole memory as arrays of `kind`, at least `end` elements long. */
  of(kind: ArrayKind, end: number): ReluTypedArray {
    let view = this.#views[kind.index];
    if (view !== undefined && view.length >= end) return view;
    const buffer = this.#memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#views = [];
    }
    view = this.#views[kind.index];
    if (view === undefined) {
      view = new (kind.Constructor as unknown as WholeBufferView)(buffer);
      this.#views[kind.index] = view;
    }
    return view;
  }
}

/**
 * Views of exactly `length` elements (0 < length <= MAX_ELEMENTS) of each kind at one fixed
 * address (the backend's scratch region), each made once: for a few elements, making a view per
 * call or going through set() and slice() at an index of a whole-memory view costs more than the
 * copies themselves, and element loops need views of the exact length. A view is made again when
 * the memory grew and detached it (its length then reads 0); a shared memory's old views stay valid.
 */
export class FixedViews {
  static readonly MAX_ELEMENTS = 8;
  readonly #memory: WebAssembly.Memory;
  readonly #address: number;
  /** By ArrayKind.index * (MAX_ELEMENTS + 1) + length. */
  readonly #views: (ReluTypedArray | undefined)[] = [];

  constructor(memory: WebAssembly.Memory, address: number) {
    this.#memory = memory;
    this.#address = address;
  }

  of(kind: ArrayKind, length: number): ReluTypedArray {
    const slot = kind.index * (FixedViews.MAX_ELEMENTS + 1) + length;
    const view = this.#views[slot];
    if (view !== undefined && view.length === length) return view;
    return (this.#views[slot] = new kind.Constructor(this.#memory.buffer, this.#address, length));
  }
}
