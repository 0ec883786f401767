/** The element types ReLU is defined on (SPEC.md, "Element types"). */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int8' | 'int16' | 'int32' | 'int64';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64'];

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

export const INT_DTYPES: readonly DType[] = ['int8', 'int16', 'int32', 'int64'];

/**
 * `Float16Array` where the compiling program's lib declares it (ES2025), `never` elsewhere, so that
 * these declarations compile with or without it.
 */
export type Float16ArrayType = typeof globalThis extends { Float16Array: { prototype: infer P } } ? P : never;

/** Every typed array a ReLU backend accepts. 16-bit floats travel as their bit patterns in a Uint16Array. */
export type ReluTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Float16ArrayType;

/** The typed array that holds each dtype (float16 and bfloat16 as bit patterns). */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  bfloat16: Uint16Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
}

export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
};

export function isDType(value: unknown): value is DType {
  if (typeof value !== 'string') return false;
  // A loop of ===, not Array.prototype.includes: V8 inlines it into every call that passes options.dtype, where includes costs a tenth of a one-element call.
  for (let i = 0; i < DTYPES.length; i++) if (DTYPES[i] === value) return true;
  return false;
}

export function isFloatDType(dtype: DType): boolean {
  return FLOAT_DTYPES.includes(dtype);
}

/** The constructor of the typed array that holds a dtype, for new arrays and views alike. */
export interface DTypeArrayConstructor<D extends DType = DType> {
  new (length: number): DTypeArrayMap[D];
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): DTypeArrayMap[D];
  readonly BYTES_PER_ELEMENT: number;
}

export const DTYPE_ARRAY_CONSTRUCTORS: Readonly<{ [D in DType]: DTypeArrayConstructor<D> }> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
} as Readonly<{ [D in DType]: DTypeArrayConstructor<D> }>;

/** A new zeroed array of `length` elements of `dtype`, of the type {@link DTypeArrayMap} names. */
export function allocate<D extends DType>(dtype: D, length: number): DTypeArrayMap[D] {
  return new DTYPE_ARRAY_CONSTRUCTORS[dtype](length) as DTypeArrayMap[D];
}
