import type { DType, ReluTypedArray } from './dtype.js';

/**
 * The integer view each kernel works on: float32 and the 64-bit types as int32 words, 16-bit
 * floats as uint16 bits, small integers as themselves. Same bytes, no copy.
 */
export function int32Words(array: ReluTypedArray): Int32Array {
  return new Int32Array(array.buffer, array.byteOffset, array.byteLength >> 2);
}

export function uint16Bits(array: ReluTypedArray): Uint16Array {
  return array instanceof Uint16Array ? array : new Uint16Array(array.buffer, array.byteOffset, array.length);
}

/** A fresh array of the same type and length as `like` (Float16Array included). */
export function sameTypeArray<T extends ReluTypedArray>(like: T): T {
  const Constructor = like.constructor as new (length: number) => T;
  return new Constructor(like.length);
}

export type { DType };
