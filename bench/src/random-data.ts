import { type DType, type ReluTypedArray, allocate, isFloatDType, prng } from '@relu/core';

/**
 * Benchmark input: random signs and magnitudes (no NaN, no Inf), so that branchy kernels pay for
 * mispredictions as they would on real activations. The same seed gives every backend the same data.
 */
export function randomSignData(dtype: DType, length: number, seed = 42): ReluTypedArray {
  const random = prng(seed);
  const array = allocate(dtype, length);
  if (dtype === 'int64') {
    const values = array as BigInt64Array;
    for (let i = 0; i < length; i++) values[i] = BigInt((random() | 0) >> 4);
    return array;
  }
  if (!isFloatDType(dtype)) {
    const values = array as Int32Array;
    for (let i = 0; i < length; i++) values[i] = random() | 0; // wraps into int8/int16 ranges
    return array;
  }
  if (dtype === 'float16' || dtype === 'bfloat16') {
    // Sign bit random, exponent kept away from Inf/NaN, mantissa random.
    const bits = array as Uint16Array;
    const [exponentShift, exponentMask] = dtype === 'float16' ? [10, 0x1e] : [7, 0xfe];
    for (let i = 0; i < length; i++) {
      const r = random();
      bits[i] = (r & 0x8000) | (((r >>> 16) % exponentMask) << exponentShift) | (r & ((1 << exponentShift) - 1));
    }
    return array;
  }
  const values = array as Float32Array | Float64Array;
  for (let i = 0; i < length; i++) values[i] = (random() / 2 ** 31 - 1) * 8;
  return array;
}
