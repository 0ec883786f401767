import { DTYPE_ARRAY_CONSTRUCTORS, DTYPES, type DType, typedArrayName } from '@relu/core';
import { argumentTypeError } from './errors.js';

/**
 * The typed array types that hold each dtype's bits exactly, by internal-slot name: the type
 * @relu/core allocates for it, and Float16Array for float16.
 */
const ARRAY_NAMES: Readonly<Record<DType, readonly string[]>> = Object.fromEntries(
  DTYPES.map((dtype) => [dtype, dtype === 'float16' ? [DTYPE_ARRAY_CONSTRUCTORS[dtype].name, 'Float16Array'] : [DTYPE_ARRAY_CONSTRUCTORS[dtype].name]]),
) as unknown as Record<DType, readonly string[]>;

/** The internal-slot name of the typed array type that holds `dtype` when @relu/core allocates it. */
export function arrayNameOf(dtype: DType): string {
  return ARRAY_NAMES[dtype][0]!;
}

/**
 * `array` as a view whose elements are the dtype's own bits, so that TypedArray.prototype.set
 * copies bytes instead of converting values: a Float16Array becomes a Uint16Array of its bits.
 * Any typed array not of the dtype is a TypeError naming the argument.
 */
export function bitsOf(fn: string, name: string, array: ArrayBufferView, dtype: DType): ArrayLike<number> {
  const typeName = typedArrayName(array);
  if (!ARRAY_NAMES[dtype].includes(typeName)) {
    throw argumentTypeError(fn, name, `a ${ARRAY_NAMES[dtype].join(' or a ')} for dtype '${dtype}'`, array);
  }
  if (typeName === 'Float16Array') return new Uint16Array(array.buffer, array.byteOffset, array.byteLength >> 1);
  return array as unknown as ArrayLike<number>;
}

/** The dtype of a typed array, or the one options.dtype names for a Uint16Array of 16-bit float bits. */
export function dtypeOfArray(fn: string, name: string, array: unknown, dtype: unknown): DType {
  if (dtype !== undefined && !(DTYPES as readonly unknown[]).includes(dtype)) {
    throw argumentTypeError(fn, 'options.dtype', `undefined or one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, dtype);
  }
  if (!ArrayBuffer.isView(array) || array instanceof DataView) {
    throw argumentTypeError(fn, name, 'a typed array (Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, BigInt64Array, Float16Array or Uint16Array)', array);
  }
  const typeName = typedArrayName(array);
  const candidates = DTYPES.filter((d) => ARRAY_NAMES[d].includes(typeName));
  if (candidates.length === 0) throw argumentTypeError(fn, name, 'a typed array of a ReLU dtype', array);
  if (dtype !== undefined) {
    if (!candidates.includes(dtype as DType)) {
      throw new TypeError(`${fn}: options.dtype '${String(dtype)}' does not match ${name}, a ${typeName} that holds ${candidates.map((d) => `'${d}'`).join(' or ')}`);
    }
    return dtype as DType;
  }
  if (candidates.length > 1) {
    throw new TypeError(`${fn}: ${name} is a ${typeName}, which holds 16-bit float bits only with options.dtype 'float16' or 'bfloat16'; got no options.dtype`);
  }
  return candidates[0]!;
}
