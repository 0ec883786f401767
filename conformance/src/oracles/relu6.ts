import { FLOAT_FORMATS, BYTES_PER_ELEMENT, type DType, HIGH_WORD, LOW_WORD, type ReluTypedArray, wordsOf } from '@relu/core';

/**
 * ReLU6 written from SPEC.md, independent of @relu/core's kernels (which compare bit patterns):
 * decode each float's value from its fields and compare numbers. NaN stays (as the input NaN);
 * the sign bit set (-0, negatives, -Inf) gives +0; a value of 6 or more (+Inf too) gives 6, whose
 * bits are built from the fields (exponent 2, fraction .1 binary); anything else is returned as
 * is. Integers: clamped to [0, 6].
 */
/** 2^k for k in [-1100, 1100], looked up instead of computed per element (Math.pow is slow). */
const POW2_OFFSET = 1100;
const POW2 = Float64Array.from({ length: 2 * POW2_OFFSET + 1 }, (_, k) => 2 ** (k - POW2_OFFSET));

export function relu6Oracle(dtype: DType, _attributes: unknown, input: ReluTypedArray, output: ReluTypedArray): void {
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    if (dtype === 'int64') {
      const [x, y] = [input as BigInt64Array, output as BigInt64Array];
      for (let i = 0; i < x.length; i++) y[i] = x[i]! < 0n ? 0n : x[i]! > 6n ? 6n : x[i]!;
    } else {
      for (let i = 0; i < input.length; i++) output[i] = input[i]! < 0 ? 0 : input[i]! > 6 ? 6 : input[i]!;
    }
    return;
  }
  const { exponentBits, fractionBits } = format;
  const maxExponent = 2 ** exponentBits - 1;
  const bias = 2 ** (exponentBits - 1) - 1;
  const [from, to] = [wordsOf(input), wordsOf(output)];
  if (BYTES_PER_ELEMENT[dtype] === 8) {
    // 6 = 1.5 * 2^2: biased exponent bias + 2, top fraction bit (bit 19 of the high word).
    const sixHigh = ((bias + 2) * 2 ** 20 + 2 ** 19) >>> 0;
    for (let i = 0; i < input.length; i++) {
      const high = from[2 * i + HIGH_WORD]!;
      const low = from[2 * i + LOW_WORD]!;
      const exponent = (high >>> 20) & 0x7ff;
      const fraction = (high & 0xfffff) * 2 ** 32 + low; // exact: 52 bits
      let [outHigh, outLow] = [high, low];
      if (exponent === maxExponent && fraction !== 0) {
        // NaN: kept
      } else if (high >>> 31 === 1) {
        [outHigh, outLow] = [0, 0];
      } else {
        const value = exponent === maxExponent ? Infinity : (exponent === 0 ? fraction : 2 ** 52 + fraction) * POW2[POW2_OFFSET + Math.max(exponent, 1) - bias - 52]!;
        if (value >= 6) [outHigh, outLow] = [sixHigh, 0];
      }
      to[2 * i + HIGH_WORD] = outHigh;
      to[2 * i + LOW_WORD] = outLow;
    }
    return;
  }
  const signShift = exponentBits + fractionBits;
  const fractionMask = 2 ** fractionBits - 1;
  const six = ((bias + 2) << fractionBits) | (1 << (fractionBits - 1));
  const hidden = 2 ** fractionBits;
  for (let i = 0, n = input.length; i < n; i++) {
    const bits = from[i]!;
    const exponent = (bits >>> fractionBits) & maxExponent;
    const fraction = bits & fractionMask;
    if (exponent === maxExponent) to[i] = fraction !== 0 || (bits >>> signShift) & 1 ? (fraction !== 0 ? bits : 0) : six; // NaN, -Inf, +Inf
    else if ((bits >>> signShift) & 1) to[i] = 0;
    else {
      const value = (exponent === 0 ? fraction : hidden + fraction) * POW2[POW2_OFFSET + (exponent === 0 ? 1 : exponent) - bias - fractionBits]!;
      to[i] = value >= 6 ? six : bits;
    }
  }
}
