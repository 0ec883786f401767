import type { ReluTypedArray } from '@relu/core';

type ViewConstructor = new (buffer: ArrayBufferLike) => ReluTypedArray;

/**
 * The typed array types that can view a dtype's bits, by the name in their internal slot (what
 * @relu/core's typedArrayName reads): Float16Array only where the engine has one.
 */
const CONSTRUCTORS: Readonly<Record<string, ViewConstructor | undefined>> = Object.freeze({
  Float32Array,
  Float64Array,
  Uint16Array,
  Int8Array,
  Int16Array,
  Int32Array,
  BigInt64Array,
  Float16Array: (globalThis as { Float16Array?: ViewConstructor }).Float16Array,
});

const PROTOTYPES: Readonly<Record<string, object | undefined>> = Object.freeze(
  Object.fromEntries(Object.entries(CONSTRUCTORS).map(([name, Constructor]) => [name, Constructor?.prototype as object | undefined])),
);

/** The prototype of each built-in view type: an array whose prototype is this is no subclass. */
export function builtInPrototype(name: string): object | undefined {
  return PROTOTYPES[name];
}

/**
 * One view per typed array type over the whole memory, made again only when it no longer reaches
 * the elements asked for: growth detaches an unshared memory's buffer (the old view's length drops
 * to 0) and leaves a shared memory's old views short. Copies between an array and the memory then
 * go through TypedArray.prototype.set and slice at an element index, which copy bytes between
 * arrays of one type, with no view to make per call (and no read of memory.buffer, a call into
 * the engine that costs as much as the copy of a small array).
 */
export class MemoryViews {
  readonly #memory: WebAssembly.Memory;
  #buffer: ArrayBufferLike | undefined;
  /** A plain object, not a Map: one property load is the cheapest lookup on the per-call path. */
  #views: Record<string, ReluTypedArray | undefined> = {};

  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }

  /** A view of the whole memory as the typed array type `name` (an internal-slot name), at least `end` elements long. */
  of(name: string, end: number): ReluTypedArray {
    let view = this.#views[name];
    if (view !== undefined && view.length >= end) return view;
    const buffer = this.#memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#views = {};
    }
    view = this.#views[name];
    if (view === undefined) {
      const Constructor = Object.hasOwn(CONSTRUCTORS, name) ? CONSTRUCTORS[name] : undefined;
      if (Constructor === undefined) throw new TypeError(`@relu/wasm: no typed array type ${name} to view the memory with`);
      view = new Constructor(buffer);
      this.#views[name] = view;
    }
    return view;
  }
}
