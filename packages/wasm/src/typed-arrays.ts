import { type CheckedArray, DTYPE_ARRAY_CONSTRUCTORS, DTYPES, type DType, argumentTypeError, arrayKindOf, checkTypedArray } from '@relu/core';

/**
 * The typed array kinds that hold each dtype's bits exactly, by internal-slot name: the type
 * @relu/core allocates for it, and Float16Array for float16.
 */
const ARRAY_NAMES: Readonly<Record<DType, readonly string[]>> = Object.fromEntries(
  DTYPES.map((dtype) => [dtype, dtype === 'float16' ? [DTYPE_ARRAY_CONSTRUCTORS[dtype].name, 'Float16Array'] : [DTYPE_ARRAY_CONSTRUCTORS[dtype].name]]),
) as unknown as Record<DType, readonly string[]>;

/**
 * Checks that `array` holds `dtype`'s bits (a tensor's dtype, not the caller's option): a typed
 * array of one of the kinds above, readable, saying what it is. Returns its kind and length from
 * its internal slots (@relu/core's checkTypedArray), never what a subclass's getters claim.
 */
export function checkArrayOfDType(fn: string, name: string, array: unknown, dtype: DType): CheckedArray {
  const kind = arrayKindOf(array);
  if (kind === undefined || !ARRAY_NAMES[dtype].includes(kind.name)) {
    throw argumentTypeError(fn, name, `a ${ARRAY_NAMES[dtype].join(' or a ')} for dtype '${dtype}'`, array);
  }
  // A Uint16Array says nothing of its dtype: the tensor's is the one it is copied as.
  return checkTypedArray(fn, name, array, kind.dtype === undefined ? dtype : undefined);
}
