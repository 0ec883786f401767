import { type DType, type DTypeArrayMap, type ReluTypedArray, allocate, isFloatDType } from './dtype.js';

/**
 * Element-level access by bit pattern, for tests and reports: floats as zero-padded hex of their
 * bits, integers as decimal. Shared by every package so that reports print bits the same way.
 */

const HEX_DIGITS: Readonly<Record<DType, number>> = {
  float32: 8,
  float64: 16,
  float16: 4,
  bfloat16: 4,
  int8: 0,
  int16: 0,
  int32: 0,
  int64: 0,
};

/** The bits of every element as unsigned integers: uint32/uint16 numbers or uint64 bigints. */
function unsignedView(dtype: DType, array: ReluTypedArray): Uint32Array | Uint16Array | BigUint64Array {
  const { buffer, byteOffset, length } = array;
  switch (dtype) {
    case 'float32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'float64':
      return new BigUint64Array(buffer, byteOffset, length);
    default:
      return new Uint16Array(buffer, byteOffset, length);
  }
}

/** Element `index` of `array` as its bit pattern ('0x7fc00001') for floats, decimal for integers. */
export function elementBits(dtype: DType, array: ReluTypedArray, index: number): string {
  if (!isFloatDType(dtype)) return String(array[index]);
  const bits = unsignedView(dtype, array)[index]!;
  return `0x${bits.toString(16).padStart(HEX_DIGITS[dtype], '0')}`;
}

/** Every element's bits, as elementBits gives them. */
export function arrayBits(dtype: DType, array: ReluTypedArray): string[] {
  return Array.from({ length: array.length }, (_, i) => elementBits(dtype, array, i));
}

/** A new array of `dtype` from bit patterns ('0x...') for floats or decimal strings for integers. */
export function arrayFromBits<D extends DType>(dtype: D, values: readonly string[]): DTypeArrayMap[D] {
  const array = allocate(dtype, values.length);
  if (dtype === 'int64') {
    values.forEach((v, i) => ((array as BigInt64Array)[i] = BigInt(v)));
  } else if (!isFloatDType(dtype)) {
    values.forEach((v, i) => ((array as Int32Array)[i] = Number(v)));
  } else {
    const view = unsignedView(dtype, array);
    values.forEach((v, i) => (dtype === 'float64' ? ((view as BigUint64Array)[i] = BigInt(v)) : ((view as Uint32Array)[i] = Number(v))));
  }
  return array;
}

/** True when the bits are a NaN of the dtype's format. */
export function isNaNBits(dtype: DType, bits: string): boolean {
  switch (dtype) {
    case 'float32':
      return (Number(bits) & 0x7fffffff) > 0x7f800000;
    case 'float64':
      return (BigInt(bits) & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
    case 'float16':
      return (Number(bits) & 0x7fff) > 0x7c00;
    case 'bfloat16':
      return (Number(bits) & 0x7fff) > 0x7f80;
    default:
      return false;
  }
}

/** The value a 16-bit float bit pattern stands for, as a JS number. */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

export function bfloat16BitsToNumber(bits: number): number {
  const f32 = new Float32Array(new Uint32Array([(bits & 0xffff) << 16]).buffer);
  return f32[0]!;
}

/** Element `index` as a JS number or bigint, decoding 16-bit float bits, for human-readable tables. */
export function elementValue(dtype: DType, array: ReluTypedArray, index: number): number | bigint {
  const raw = array[index]!;
  if (dtype === 'float16' && array instanceof Uint16Array) return float16BitsToNumber(raw as number);
  if (dtype === 'bfloat16') return bfloat16BitsToNumber(raw as number);
  return raw;
}
