import type { ReluTypedArray } from './dtype.js';
import { bufferOf, byteLengthOf, byteOffsetOf, lengthOf, typedArrayTag } from './typed-arrays.js';

/**
 * The integer view each kernel works on: float32 and the 64-bit types as int32 words, 16-bit
 * floats as uint16 bits, small integers as themselves. Same bytes, no copy. A view is built from
 * the intrinsic getters (typed-arrays.ts), never from the array's own `buffer` or `length`.
 *
 * Creating a view costs more than a one-element call's whole kernel, so the scratch arrays that
 * small calls compute in (scratch.ts) have theirs made once and remembered here; the last one
 * looked up is kept aside, since a kernel asks for the view of its source and of its destination
 * and in a scratch array they are the same.
 */
const INT32_VIEWS = new Map<ArrayBufferView, Int32Array>();
const UINT16_VIEWS = new Map<ArrayBufferView, Uint16Array>();
let lastInt32Array: ArrayBufferView | undefined;
let lastInt32View: Int32Array | undefined;

export function int32Words(array: ReluTypedArray): Int32Array {
  if (array === lastInt32Array) return lastInt32View!;
  return int32WordsOf(array);
}

function int32WordsOf(array: ReluTypedArray): Int32Array {
  const remembered = INT32_VIEWS.get(array);
  if (remembered !== undefined) {
    lastInt32Array = array;
    lastInt32View = remembered;
    return remembered;
  }
  return new Int32Array(bufferOf(array), byteOffsetOf(array), byteLengthOf(array) >> 2);
}

export function uint16Bits(array: ReluTypedArray): Uint16Array {
  if (typedArrayTag(array) === 'Uint16Array') return array as Uint16Array;
  return UINT16_VIEWS.get(array) ?? new Uint16Array(bufferOf(array), byteOffsetOf(array), lengthOf(array));
}

/** Makes and remembers the word views of an array this package owns and reuses (a scratch array). */
export function rememberWordViews(array: ReluTypedArray): void {
  if (array.BYTES_PER_ELEMENT >= 4) INT32_VIEWS.set(array, int32Words(array));
  if (array.BYTES_PER_ELEMENT === 2) UINT16_VIEWS.set(array, uint16Bits(array));
}
