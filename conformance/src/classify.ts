import type { DType, ReluTypedArray } from '@relu/core';
import { HIGH, LOW, type WordView } from './bit-views.js';
import { FLOAT_FORMATS, floatClassIndex, intClassIndex } from './input-classes.js';

/** Index into classesOf(dtype) of input element `index`, read from its bits. */
export function classIndexAt(dtype: DType, input: ReluTypedArray, words: WordView, index: number): number {
  const format = FLOAT_FORMATS[dtype];
  if (!format) return intClassIndex(input[index]!);
  const maxExponent = (1 << format.exponentBits) - 1;
  if (dtype === 'float64') {
    const high = words[2 * index + HIGH]!;
    const fractionIsZero = (high & 0xfffff) === 0 && words[2 * index + LOW] === 0;
    return floatClassIndex(high >>> 31, (high >>> 20) & 0x7ff, maxExponent, fractionIsZero);
  }
  const bits = words[index]!;
  const width = 1 + format.exponentBits + format.fractionBits;
  const fraction = bits & ((1 << format.fractionBits) - 1);
  return floatClassIndex((bits >>> (width - 1)) & 1, (bits >>> format.fractionBits) & maxExponent, maxExponent, fraction === 0);
}

/** Adds the class of every element of `input` to `counts`. */
export function countClasses(dtype: DType, input: ReluTypedArray, words: WordView, counts: number[]): void {
  for (let i = 0; i < input.length; i++) counts[classIndexAt(dtype, input, words, i)]!++;
}

/**
 * Class counts of the contiguous bit patterns [start, start + length) of an 8-, 16- or 32-bit
 * dtype, from the class boundaries instead of element by element: in unsigned bit order every
 * class is one interval.
 */
export function countClassesInRange(dtype: DType, start: number, length: number, counts: number[]): void {
  const end = start + length - 1;
  for (const [low, high, cls] of classIntervals(dtype)) {
    const overlap = Math.min(high, end) - Math.max(low, start) + 1;
    if (overlap > 0) counts[cls]! += overlap;
  }
}

const intervalCache = new Map<DType, [number, number, number][]>();

function classIntervals(dtype: DType): [number, number, number][] {
  const cached = intervalCache.get(dtype);
  if (cached) return cached;
  const intervals: [number, number, number][] = [];
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    const width = dtype === 'int8' ? 8 : dtype === 'int16' ? 16 : 32;
    const half = 2 ** (width - 1);
    intervals.push([half, 2 * half - 1, intClassIndex(-1)], [0, 0, intClassIndex(0)], [1, half - 1, intClassIndex(1)]);
  } else {
    const width = 1 + format.exponentBits + format.fractionBits;
    const fractions = 2 ** format.fractionBits;
    const maxExponent = 2 ** format.exponentBits - 1;
    const infinity = maxExponent * fractions;
    for (const sign of [0, 1]) {
      const base = sign * 2 ** (width - 1);
      const at = (exponent: number, zero: boolean) => floatClassIndex(sign, exponent, maxExponent, zero);
      intervals.push(
        [base, base, at(0, true)],
        [base + 1, base + fractions - 1, at(0, false)],
        [base + fractions, base + infinity - 1, at(1, true)],
        [base + infinity, base + infinity, at(maxExponent, true)],
        [base + infinity + 1, base + 2 ** (width - 1) - 1, at(maxExponent, false)],
      );
    }
  }
  intervalCache.set(dtype, intervals);
  return intervals;
}
