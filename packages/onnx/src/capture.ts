import { BYTES_PER_ELEMENT, type CheckedArray, DTYPE_ARRAY_CONSTRUCTORS, type ReluTypedArray, arrayKindOf, intrinsicBitsView } from '@relu/core';
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
 * x is read only as its internal slots say: its kind and length come from @relu/core's checkRun,
 * and the copy goes through a plain view of its memory (intrinsicBitsView), so a subclass that
 * overrides `length`, `buffer` or `constructor` cannot make the backend read other bytes.
 */

/** The intrinsic constructor of a kind of typed array run() returns. */
export type KindConstructor = CheckedArray['kind']['Constructor'];

/**
 * A copy of x's elements (x as checkRun checked it: `checked`), of the dtype's plain array type
 * (16-bit floats as Uint16Array bits, which onnxruntime takes for 'float16'), in an ArrayBuffer
 * that nobody else holds: a new one for small inputs, one from `pool` for large ones (give it back
 * with releaseInput once nothing reads it).
 */
export function captureInput(checked: CheckedArray, x: ReluTypedArray, pool: InputPool): ReluTypedArray {
  const { kind, dtype, length } = checked;
  const view = intrinsicBitsView(kind, x, length);
  const byteLength = length * BYTES_PER_ELEMENT[dtype];
  if (byteLength < POOLED_MIN_BYTES) return view.slice() as ReluTypedArray;
  const copy = new DTYPE_ARRAY_CONSTRUCTORS[dtype](pool.take(byteLength), 0, length);
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
 * reports). `data` is onnxruntime's own new array, never a caller's: its type is read from its
 * internal slot, its length and buffer as it gives them.
 */
export function viewAs(Kind: KindConstructor, data: unknown, length: number): ReluTypedArray | undefined {
  const kind = arrayKindOf(data);
  if (kind === undefined) return undefined;
  const array = data as ReluTypedArray;
  if (kind.Constructor === Kind) return array.length === length ? array : undefined;
  const width = (Kind as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  if (array.byteLength !== length * width) return undefined;
  return new Kind(array.buffer, array.byteOffset, length);
}
