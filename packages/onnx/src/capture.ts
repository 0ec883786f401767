import { BYTES_PER_ELEMENT, DTYPE_ARRAY_CONSTRUCTORS, type DType, type ReluTypedArray, typedArrayName } from '@relu/core';
import { type InputPool, POOLED_MIN_BYTES } from './input-pool.js';

/**
 * Inputs are captured at the call: run() copies x into a fresh, unshared array before its first
 * await. onnxruntime reads its input later (onnxruntime-node inside a setImmediate callback,
 * onnxruntime-web after the session is ready and the lock is free), so a caller who writes to,
 * transfers or resizes x's buffer while the promise is pending would otherwise change the result
 * or get a runtime-internal error; and onnxruntime-node rejects SharedArrayBuffer-backed tensors
 * outright ("Invalid argument"). One copy fixes all three. The result is onnxruntime's own new
 * array, re-viewed as x's kind without a copy.
 *
 * Everything about x is read through the intrinsic %TypedArray%.prototype getters, so a subclass
 * that overrides `length`, `buffer` or `constructor` cannot make the backend read other bytes.
 */
const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Int8Array.prototype) as object;
const intrinsicGetter = (key: string) => Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, key)!.get!;
const bufferOf = intrinsicGetter('buffer') as (this: ArrayBufferView) => ArrayBufferLike;
const byteOffsetOf = intrinsicGetter('byteOffset') as (this: ArrayBufferView) => number;
const byteLengthOf = intrinsicGetter('byteLength') as (this: ArrayBufferView) => number;
const lengthOf = intrinsicGetter('length') as (this: ArrayBufferView) => number;

/** x's length from its internal slot (0 when its buffer is detached or a resizable buffer shrank below it). */
export function intrinsicLength(x: ArrayBufferView): number {
  return lengthOf.call(x);
}

type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ReluTypedArray;

/** The intrinsic constructor of a kind of typed array run() returns. */
export type KindConstructor = ViewConstructor & (new (length: number) => ReluTypedArray) & { readonly BYTES_PER_ELEMENT: number; readonly prototype: object };

/** The intrinsic constructor of each typed array kind run() returns, by internal-slot name. */
const KIND_CONSTRUCTORS: ReadonlyMap<string, KindConstructor> = new Map(
  (
    [
      ['Float32Array', Float32Array],
      ['Float64Array', Float64Array],
      ['Float16Array', (globalThis as { Float16Array?: unknown }).Float16Array],
      ['Uint16Array', Uint16Array],
      ['Int8Array', Int8Array],
      ['Int16Array', Int16Array],
      ['Int32Array', Int32Array],
      ['BigInt64Array', BigInt64Array],
    ] as const
  ).filter(([, constructor]) => constructor !== undefined) as [string, KindConstructor][],
);

/** The constructor of the kind named `kind` (typedArrayName of an input the contract checks accepted; Float16Array only where the platform has it). */
export function kindConstructor(kind: string): KindConstructor {
  return KIND_CONSTRUCTORS.get(kind)!;
}

/**
 * A copy of x's elements, of the dtype's plain array type (16-bit floats as Uint16Array bits,
 * which onnxruntime takes for 'float16'), in an ArrayBuffer that nobody else holds: a new one for
 * small inputs, one from `pool` for large ones (give it back with releaseInput once nothing reads
 * it). `fn` names the caller in the TypeError for an x whose real element width is not the
 * dtype's (an array that claims another type than it is).
 */
export function captureInput(fn: string, dtype: DType, x: ReluTypedArray, pool: InputPool): ReluTypedArray {
  const length = lengthOf.call(x);
  const byteLength = byteLengthOf.call(x);
  if (byteLength !== length * BYTES_PER_ELEMENT[dtype]) {
    throw new TypeError(`${fn}: x must be an array of ${dtype} (${BYTES_PER_ELEMENT[dtype]} bytes per element); got ${length} elements in ${byteLength} bytes, an array that claims to be a ${typedArrayName(x)}`);
  }
  const Bits = DTYPE_ARRAY_CONSTRUCTORS[dtype] as unknown as ViewConstructor;
  const view = new Bits(bufferOf.call(x), byteOffsetOf.call(x), length);
  if (byteLength < POOLED_MIN_BYTES) return view.slice();
  const copy = new Bits(pool.take(byteLength), 0, length);
  (copy as unknown as Uint8Array).set(view as unknown as Uint8Array);
  return copy;
}

/** Hands a captured input's memory back to the pool it came from (small copies came from none). */
export function releaseInput(input: ReluTypedArray, pool: InputPool): void {
  if (input.byteLength >= POOLED_MIN_BYTES) pool.give(input.buffer as ArrayBuffer);
}

/**
 * The runtime's output as an array of `Kind` over the same bytes: onnxruntime returns float16 as
 * Float16Array where the platform has one and as Uint16Array elsewhere, whatever the input was.
 * Undefined when `data` is not `length` elements of Kind's width (a runtime fault the caller
 * reports). `data` is onnxruntime's own new array, not a caller's, so its prototype tells its type.
 */
export function viewAs(Kind: KindConstructor, data: unknown, length: number): ReluTypedArray | undefined {
  if (!ArrayBuffer.isView(data) || data instanceof DataView) return undefined;
  if (Object.getPrototypeOf(data) === Kind.prototype) return lengthOf.call(data) === length ? (data as ReluTypedArray) : undefined;
  if (byteLengthOf.call(data) !== length * Kind.BYTES_PER_ELEMENT) return undefined;
  return new Kind(bufferOf.call(data), byteOffsetOf.call(data), length);
}
