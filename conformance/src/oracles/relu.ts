import { FLOAT_FORMATS, BYTES_PER_ELEMENT, type DType, HIGH_WORD, LOW_WORD, type ReluTypedArray, wordsOf } from '@relu/core';

/**
 * ReLU written from SPEC.md section 2, independent of @relu/core's kernels: read the format's
 * fields; a NaN stays (as the input NaN), any other pattern with the sign bit set becomes +0,
 * everything else is returned as is. Integers: x > 0 ? x : 0.
 */
export function reluOracle(dtype: DType, _attributes: unknown, input: ReluTypedArray, output: ReluTypedArray): void {
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    for (let i = 0; i < input.length; i++) output[i] = input[i]! > 0 ? input[i]! : typeof input[i] === 'bigint' ? 0n : 0;
    return;
  }
  const [from, to] = [wordsOf(input), wordsOf(output)];
  const maxExponent = (1 << format.exponentBits) - 1;
  if (BYTES_PER_ELEMENT[dtype] === 8) {
    for (let i = 0; i < input.length; i++) {
      const high = from[2 * i + HIGH_WORD]!;
      const low = from[2 * i + LOW_WORD]!;
      const isNaN = ((high >>> 20) & 0x7ff) === maxExponent && ((high & 0xfffff) !== 0 || low !== 0);
      const negative = high >>> 31 === 1;
      to[2 * i + HIGH_WORD] = negative && !isNaN ? 0 : high;
      to[2 * i + LOW_WORD] = negative && !isNaN ? 0 : low;
    }
    return;
  }
  const { fractionBits } = format;
  const signShift = format.exponentBits + fractionBits;
  const fractionMask = 2 ** fractionBits - 1;
  for (let i = 0, n = input.length; i < n; i++) {
    const bits = from[i]!;
    const isNaN = ((bits >>> fractionBits) & maxExponent) === maxExponent && (bits & fractionMask) !== 0;
    const negative = ((bits >>> signShift) & 1) === 1;
    to[i] = negative && !isNaN ? 0 : bits;
  }
}
