import { type DType, type ReluTypedArray, allocate, arrayBits, isNaNBits, prng, relu } from '@relu/core';

/**
 * `length` random bit patterns of `dtype` (every pattern equally likely, so NaNs, subnormals,
 * infinities and both zeros all occur), or for 8- and 16-bit dtypes every pattern once when
 * `length` is undefined.
 */
export function randomBits(dtype: DType, length: number | undefined, seed: number): ReluTypedArray {
  const bytes = dtype === 'int8' ? 1 : dtype === 'float16' || dtype === 'bfloat16' || dtype === 'int16' ? 2 : dtype === 'float32' || dtype === 'int32' ? 4 : 8;
  if (length === undefined) {
    if (bytes > 2) throw new RangeError('exhaustive patterns only for 8- and 16-bit dtypes');
    const count = bytes === 1 ? 256 : 65536;
    const array = allocate(dtype, count);
    const bits = bytes === 1 ? new Uint8Array(array.buffer) : new Uint16Array(array.buffer);
    for (let i = 0; i < count; i++) bits[i] = i;
    return array;
  }
  const array = allocate(dtype, length);
  const words = new Uint32Array(array.buffer, 0, (length * bytes) >> 2);
  const next = prng(seed);
  for (let i = 0; i < words.length; i++) words[i] = next();
  const tail = new Uint8Array(array.buffer, words.byteLength);
  for (let i = 0; i < tail.length; i++) tail[i] = next() & 0xff;
  return array;
}

/** Ordinary values (no -0, NaN, infinities or subnormals), whose ReLU every device gets exactly. */
export function ordinaryValues(dtype: DType, length: number, seed: number): ReluTypedArray {
  const next = prng(seed);
  const array = allocate(dtype, length);
  for (let i = 0; i < length; i++) {
    const r = next();
    const small = (r % 2001) - 1000; // -1000..1000, exact in every dtype's range
    switch (dtype) {
      case 'int64':
        (array as BigInt64Array)[i] = BigInt(small);
        break;
      case 'int8':
        (array as Int8Array)[i] = small % 128;
        break;
      case 'float16': // small / 4 is exact in float16 for |small| <= 1000 (11 significant bits)
        (array as Uint16Array)[i] = float16Bits(small / 4);
        break;
      case 'bfloat16':
        (array as Uint16Array)[i] = (new Uint32Array(new Float32Array([small % 256]).buffer)[0]! >>> 16) & 0xffff;
        break;
      default:
        (array as Float32Array)[i] = dtype.startsWith('float') ? small / 4 : small;
    }
  }
  return array;
}

/** float16 bits of a value exactly representable in float16 with a normal or zero result. */
function float16Bits(value: number): number {
  if (value === 0) return 0;
  const sign = value < 0 ? 0x8000 : 0;
  const abs = Math.abs(value);
  const exponent = Math.floor(Math.log2(abs));
  const fraction = Math.round((abs / 2 ** exponent - 1) * 1024);
  return sign | ((exponent + 15) << 10) | fraction;
}

/**
 * Indices where y differs from @relu/core's ReLU of x, NaNs compared as NaN (any NaN matches
 * any NaN), as readable strings; empty when y is bit-exact.
 */
export function mismatchesWithCore(dtype: DType, x: ReluTypedArray, y: ReluTypedArray, limit = 10): string[] {
  const expected = arrayBits(dtype, relu(x, { dtype }));
  const got = arrayBits(dtype, y);
  const input = arrayBits(dtype, x);
  const out: string[] = [];
  if (got.length !== expected.length) return [`length ${got.length}, expected ${expected.length}`];
  for (let i = 0; i < expected.length && out.length < limit; i++) {
    const e = expected[i]!;
    const g = got[i]!;
    if (e === g || (isNaNBits(dtype, e) && isNaNBits(dtype, g))) continue;
    out.push(`[${i}] x=${input[i]} got ${g} expected ${e}`);
  }
  return out;
}
