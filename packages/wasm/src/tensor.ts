import { BackendDisposedError, DTYPE_ARRAY_CONSTRUCTORS, type DType, type DTypeArrayMap } from '@relu/core';
import { WasmTensorFreedError, argumentRangeError, argumentTypeError } from './errors.js';
import type { Heap } from './heap.js';
import type { Kernel } from './kernels.js';
import { bitsOf } from './typed-arrays.js';

/** What a parallel run needs to know of its two tensors, after the same checks as relu(). */
export interface TensorPair {
  readonly dtype: DType;
  readonly src: number;
  readonly dst: number;
  readonly length: number;
  readonly kernel: Kernel;
  readonly x: WasmTensor;
  readonly out: WasmTensor;
}

/*
 * Package-internal access to tensors' private state, assigned in WasmTensor's static block: the
 * runtime creates tensors and runs kernels on them, users only see the public members.
 */
export let createTensor: <D extends DType>(heap: Heap, dtype: D, length: number, address: number, size: number, kernel: Kernel) => WasmTensor<D>;
export let reluTensors: (heap: Heap, fn: string, x: unknown, out: unknown) => WasmTensor;
export let tensorPair: (heap: Heap, fn: string, x: unknown, out: unknown) => TensorPair;
export let pinTensor: (tensor: WasmTensor, pins: 1 | -1) => void;

function dead(heap: Heap, fn: string, name: string): Error {
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
  readonly #heap: Heap;
  /** Byte address in the memory; -1 once freed. */
  #address: number;
  readonly #blockSize: number;
  readonly #kernel: Kernel;
  #view: DTypeArrayMap[D] | undefined;
  /** Parallel runs in flight on this tensor: freeing it then would hand their bytes to others. */
  #pins = 0;

  static {
    createTensor = (heap, dtype, length, address, size, kernel) => new WasmTensor(heap, dtype, length, address, size, kernel);

    // The zero-copy hot path: brand, owner, liveness, dtype and length checks, then one call.
    reluTensors = (heap, fn, x, out) => {
      if (!(x instanceof WasmTensor) || x.#heap !== heap) throw notOwnTensor(fn, 'x', x);
      if (out !== x) {
        if (!(out instanceof WasmTensor) || out.#heap !== heap) throw notOwnTensor(fn, 'out', out);
        if (out.dtype !== x.dtype || out.length !== x.length) throw mismatch(fn, x, out);
      }
      const src = x.#address;
      const dst = (out as WasmTensor).#address;
      if (src < 0 || dst < 0 || heap.disposed) throw dead(heap, fn, src < 0 ? 'x' : 'out');
      x.#kernel(src, dst, x.length);
      return out as WasmTensor;
    };

    tensorPair = (heap, fn, x, out) => {
      reluChecks(heap, fn, x, out);
      const a = x as WasmTensor;
      const b = out as WasmTensor;
      return { dtype: a.dtype, src: a.#address, dst: b.#address, length: a.length, kernel: a.#kernel, x: a, out: b };
    };

    pinTensor = (tensor, pins) => {
      tensor.#pins += pins;
    };

    function reluChecks(heap: Heap, fn: string, x: unknown, out: unknown): void {
      if (!(x instanceof WasmTensor) || x.#heap !== heap) throw notOwnTensor(fn, 'x', x);
      if (!(out instanceof WasmTensor) || out.#heap !== heap) throw notOwnTensor(fn, 'out', out);
      if (out.dtype !== x.dtype || out.length !== x.length) throw mismatch(fn, x, out);
      if (x.#address < 0 || out.#address < 0 || heap.disposed) throw dead(heap, fn, x.#address < 0 ? 'x' : 'out');
    }
  }

  private constructor(heap: Heap, dtype: D, length: number, address: number, blockSize: number, kernel: Kernel) {
    this.#heap = heap;
    this.dtype = dtype;
    this.length = length;
    this.byteLength = length * DTYPE_ARRAY_CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
    this.#address = address;
    this.#blockSize = blockSize;
    this.#kernel = kernel;
  }

  /** True once free() has run (or the WasmRelu that made it was disposed). */
  get freed(): boolean {
    return this.#address < 0 || this.#heap.disposed;
  }

  /** Byte offset of the first element in the memory: for your own WebAssembly code on the same memory. */
  get byteOffset(): number {
    this.#live('WasmTensor.byteOffset');
    return this.#address;
  }

  /** The elements, as a view of the WebAssembly memory (no copy); always valid when read. */
  get array(): DTypeArrayMap[D] {
    this.#live('WasmTensor.array');
    const buffer = this.#heap.memory.buffer;
    let view = this.#view;
    if (view === undefined || view.buffer !== buffer) {
      view = new DTYPE_ARRAY_CONSTRUCTORS[this.dtype](buffer, this.#address, this.length) as DTypeArrayMap[D];
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
    if (values === null || typeof values !== 'object' || typeof (values as { length?: unknown }).length !== 'number') {
      throw argumentTypeError(fn, 'values', `a typed array or an array of ${this.dtype} values`, values);
    }
    if (!Number.isSafeInteger(offset) || offset < 0) throw argumentRangeError(fn, 'offset', 'a non-negative integer', offset);
    if (offset + values.length > this.length) {
      throw argumentRangeError(fn, 'values.length', `at most ${this.length - offset} (the tensor's length ${this.length} minus offset ${offset})`, String(values.length));
    }
    const source = ArrayBuffer.isView(values) ? bitsOf(fn, 'values', values, this.dtype) : (values as ArrayLike<number>);
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
    if (this.#pins > 0) throw new Error('WasmTensor.free: this tensor is in use by a reluAsync() that has not finished; await it first');
    this.#heap.allocator.free(this.#address, this.#blockSize);
    this.#address = -1;
    this.#view = undefined;
  }

  #live(fn: string): void {
    if (this.#address < 0 || this.#heap.disposed) throw dead(this.#heap, fn, 'this tensor');
  }
}

function notOwnTensor(fn: string, name: string, value: unknown): TypeError {
  if (value instanceof WasmTensor) {
    return new TypeError(`${fn}: ${name} is a WasmTensor of another WasmRelu; tensors work only with the WasmRelu that allocated them`);
  }
  return argumentTypeError(fn, name, 'a WasmTensor allocated by this WasmRelu', value);
}

function mismatch(fn: string, x: WasmTensor, out: WasmTensor): TypeError | RangeError {
  if (out.dtype !== x.dtype) return new TypeError(`${fn}: out holds '${out.dtype}' but x holds '${x.dtype}'; they must match`);
  return argumentRangeError(fn, 'out.length', `${x.length}, the length of x`, String(out.length));
}
