import { BackendDisposedError, DTYPE_ARRAY_CONSTRUCTORS, type DType, type DTypeArrayMap, intrinsicBitsView } from '@relu/core';
import { WasmTensorFreedError, argumentRangeError, argumentTypeError } from './errors.js';
import type { Heap } from './heap.js';
import { checkArrayOfDType } from './typed-arrays.js';

/** A tensor's bytes in its heap: what the runtime reads to run kernels on it. */
export interface TensorBlock {
  readonly heap: Heap;
  /** Byte address in the memory; -1 once freed. */
  address: number;
  readonly size: number;
  /** Parallel runs in flight on this tensor: freeing it then would hand their bytes to others. */
  pins: number;
}

/** The error for a tensor that can no longer be used: its runtime was disposed, or it was freed. */
export function deadTensorError(heap: Heap, fn: string, name: string): Error {
  return heap.disposed ? new BackendDisposedError(heap.ownerName) : new WasmTensorFreedError(fn, name);
}

/**
 * A typed array living in a WasmRelu's WebAssembly memory: kernels run on it with no copy.
 * `array` is a view of its bytes, made anew whenever the memory has grown (growth detaches or
 * outgrows the old views), so read `array` again after allocating rather than keeping a view.
 * float16 and bfloat16 tensors hold bit patterns in a Uint16Array.
 */
export class WasmTensor<D extends DType = DType> {
  readonly dtype: D;
  /** Number of elements. */
  readonly length: number;
  readonly byteLength: number;
  readonly #block: TensorBlock;
  #view: DTypeArrayMap[D] | undefined;

  /** @internal Tensors come from WasmRelu.allocate() and WasmRelu.from(). */
  constructor(block: TensorBlock, dtype: D, length: number) {
    this.#block = block;
    this.dtype = dtype;
    this.length = length;
    this.byteLength = length * DTYPE_ARRAY_CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
  }

  /**
   * @internal The tensor's block, for the runtime that owns `heap` (a capability only that
   * runtime holds); undefined for any other.
   */
  blockIn(heap: Heap): TensorBlock | undefined {
    return this.#block.heap === heap ? this.#block : undefined;
  }

  /** True once free() has run (or the WasmRelu that made it was disposed). */
  get freed(): boolean {
    return this.#block.address < 0 || this.#block.heap.disposed;
  }

  /** Byte offset of the first element in the memory: for your own WebAssembly code on the same memory. */
  get byteOffset(): number {
    this.#live('WasmTensor.byteOffset');
    return this.#block.address;
  }

  /** The elements, as a view of the WebAssembly memory (no copy); always valid when read. */
  get array(): DTypeArrayMap[D] {
    this.#live('WasmTensor.array');
    const buffer = this.#block.heap.memory.buffer;
    let view = this.#view;
    if (view === undefined || view.buffer !== buffer) {
      view = new DTYPE_ARRAY_CONSTRUCTORS[this.dtype](buffer, this.#block.address, this.length) as DTypeArrayMap[D];
      this.#view = view;
    }
    return view;
  }

  /**
   * Copies `values` in, from element `offset` on: a typed array of this dtype (for float16 and
   * bfloat16: a Uint16Array of bits, or a Float16Array for float16), or an array of numbers
   * (bigints for int64). Typed arrays are copied bit for bit.
   */
  set(values: ArrayLike<number> | ArrayLike<bigint> | DTypeArrayMap[D], offset = 0): this {
    const fn = 'WasmTensor.set';
    if (values === null || typeof values !== 'object') throw argumentTypeError(fn, 'values', `a typed array or an array of ${this.dtype} values`, values);
    if (!Number.isSafeInteger(offset) || offset < 0) throw argumentRangeError(fn, 'offset', 'a non-negative integer', offset);
    let source: ArrayLike<number>;
    if (ArrayBuffer.isView(values)) {
      // Kind and length from the internal slots: a subclass's `length` or `buffer` cannot redirect the copy.
      const { kind, length } = checkArrayOfDType(fn, 'values', values, this.dtype);
      source = intrinsicBitsView(kind, values, length) as ArrayLike<number>;
    } else {
      if (typeof (values as { length?: unknown }).length !== 'number') throw argumentTypeError(fn, 'values', `a typed array or an array of ${this.dtype} values`, values);
      source = values as ArrayLike<number>;
    }
    if (offset + source.length > this.length) {
      throw argumentRangeError(fn, 'values.length', `at most ${this.length - offset} (the tensor's length ${this.length} minus offset ${offset})`, String(source.length));
    }
    (this.array as { set(values: ArrayLike<number>, offset: number): void }).set(source, offset);
    return this;
  }

  /** A copy of the elements in ordinary JavaScript memory. */
  toArray(): DTypeArrayMap[D] {
    return this.array.slice() as DTypeArrayMap[D];
  }

  /** Returns the bytes to the allocator. Any use afterwards, freeing again included, throws. */
  free(): void {
    this.#live('WasmTensor.free');
    const block = this.#block;
    if (block.pins > 0) throw new Error('WasmTensor.free: this tensor is in use by a runAsync() that has not finished; await it first');
    block.heap.allocator.free(block.address, block.size);
    block.address = -1;
    this.#view = undefined;
  }

  #live(fn: string): void {
    if (this.freed) throw deadTensorError(this.#block.heap, fn, 'this tensor');
  }
}
