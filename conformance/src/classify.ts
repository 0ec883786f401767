import { FLOAT_FORMATS, BYTES_PER_ELEMENT, type DType, RELU, type ReluTypedArray, type WordView, HIGH_WORD, LOW_WORD, allocate, elementValue, roundToFloatBits, wordsOf } from '@relu/core';
import { type InputClass, type KinkSource, baseClassesOf, classesOf, splitClassesOf } from './input-classes.js';

/**
 * Reads the input class of elements from their bits: one classifier per dtype and set of kinks,
 * shared by every op with the same kinks, so a sweep classifies each chunk once per kink set.
 */
export interface Classifier {
  readonly dtype: DType;
  /** classesOf(dtype, op): the indices below point into it. */
  readonly classes: readonly InputClass[];
  /** Class index of element `index` of `input` (`words` is wordsOf(input)). */
  classAt(input: ReluTypedArray, words: WordView, index: number): number;
  /** Adds the class of every element of `input` to `counts`. */
  count(input: ReluTypedArray, words: WordView, counts: number[]): void;
  /**
   * Adds the class counts of the contiguous bit patterns [start, start + length) of an 8-, 16- or
   * 32-bit dtype, from the class boundaries instead of element by element: in unsigned bit order
   * every class is one interval.
   */
  countRange(start: number, length: number, counts: number[]): void;
}

const cache = new Map<string, Classifier>();

export function classifierFor(dtype: DType, op: KinkSource = RELU): Classifier {
  const key = `${dtype}:${op.kinks.join(',')}`;
  let classifier = cache.get(key);
  if (!classifier) cache.set(key, (classifier = makeClassifier(dtype, op)));
  return classifier;
}

/** Index into baseClassesOf(dtype), read off the sign, exponent and fraction fields (SPEC.md section 5). */
function baseClassAt(dtype: DType, input: ReluTypedArray, words: WordView, index: number): number {
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    const value = input[index]!;
    return value < 0 ? 0 : value > 0 ? 2 : 1; // negative, zero, positive
  }
  let sign: number, exponent: number, fractionIsZero: boolean;
  if (BYTES_PER_ELEMENT[dtype] === 8) {
    const high = words[2 * index + HIGH_WORD]!;
    sign = high >>> 31;
    exponent = (high >>> 20) & 0x7ff;
    fractionIsZero = (high & 0xfffff) === 0 && words[2 * index + LOW_WORD] === 0;
  } else {
    const bits = words[index]!;
    sign = (bits >>> (format.exponentBits + format.fractionBits)) & 1;
    exponent = (bits >>> format.fractionBits) & ((1 << format.exponentBits) - 1);
    fractionIsZero = (bits & ((1 << format.fractionBits) - 1)) === 0;
  }
  const maxExponent = (1 << format.exponentBits) - 1;
  // FLOAT_CLASSES: -Inf -normal -subnormal -0 +0 +subnormal +normal +Inf NaN+ NaN-
  if (exponent === maxExponent) return fractionIsZero ? (sign ? 0 : 7) : sign ? 9 : 8;
  if (exponent === 0) return fractionIsZero ? (sign ? 3 : 4) : sign ? 2 : 5;
  return sign ? 1 : 6;
}

function makeClassifier(dtype: DType, op: KinkSource): Classifier {
  const classes = classesOf(dtype, op);
  const bases = baseClassesOf(dtype);
  const splits = splitClassesOf(dtype, op);
  // Per base class: its class index, or its split (kinks and the class index of each piece).
  const direct = bases.map((b) => classes.indexOf(b));
  const split = bases.map((b) => {
    const s = splits.find((x) => x.base === b);
    return s ? { kinks: s.kinks, pieces: s.pieces.map((p) => classes.indexOf(p)) } : undefined;
  });

  const classAt = (input: ReluTypedArray, words: WordView, index: number): number => {
    const base = baseClassAt(dtype, input, words, index);
    const s = split[base];
    if (!s) return direct[base]!;
    const value = elementValue(dtype, input, index);
    for (let k = 0; k < s.kinks.length; k++) {
      const kink = s.kinks[k]!;
      if (value < kink) return s.pieces[2 * k]!;
      // Loose equality: int64 elements are bigints, and 6n == 6.
      if (value == kink) return s.pieces[2 * k + 1]!;
    }
    return s.pieces[2 * s.kinks.length]!;
  };

  let intervals: readonly (readonly [number, number, number])[] | undefined;
  return {
    dtype,
    classes,
    classAt,
    count(input, words, counts) {
      for (let i = 0, n = input.length; i < n; i++) counts[classAt(input, words, i)]!++;
    },
    countRange(start, length, counts) {
      intervals ??= classIntervals(dtype, op, classAt);
      const end = start + length - 1;
      for (const [low, high, cls] of intervals) {
        const overlap = Math.min(high, end) - Math.max(low, start) + 1;
        if (overlap > 0) counts[cls]! += overlap;
      }
    },
  };
}

/** Unsigned bit pattern of an integer kink in the dtype. */
function kinkBits(dtype: DType, kink: number): number {
  switch (dtype) {
    case 'float32':
      return new Uint32Array(new Float32Array([kink]).buffer)[0]!;
    case 'float16':
    case 'bfloat16': {
      const { exponentBits, fractionBits } = FLOAT_FORMATS[dtype]!;
      return roundToFloatBits(kink, exponentBits, fractionBits);
    }
    default:
      return kink < 0 ? kink + 2 ** (8 * BYTES_PER_ELEMENT[dtype]) : kink;
  }
}

/**
 * The classes of an 8/16/32-bit dtype as intervals of unsigned bit patterns: the base classes'
 * intervals cut at the kinks' patterns, each piece classified by one of its own patterns (so the
 * interval count and the element-wise count agree by construction).
 */
function classIntervals(dtype: DType, op: KinkSource, classAt: Classifier['classAt']): [number, number, number][] {
  const width = 8 * BYTES_PER_ELEMENT[dtype];
  if (width > 32) throw new RangeError(`countRange: ${dtype} patterns are not enumerable as one range`);
  const cuts = new Set<number>();
  const format = FLOAT_FORMATS[dtype];
  const half = 2 ** (width - 1);
  if (!format) {
    cuts.add(0).add(1).add(half); // zero | positive | negative
  } else {
    const fractions = 2 ** format.fractionBits;
    const infinity = (2 ** format.exponentBits - 1) * fractions;
    for (const base of [0, half]) [base, base + 1, base + fractions, base + infinity, base + infinity + 1].forEach((c) => cuts.add(c));
  }
  for (const kink of op.kinks) {
    if (kink === 0) continue;
    const bits = kinkBits(dtype, kink);
    cuts.add(bits).add(bits + 1);
  }
  const sorted = [...cuts, 2 ** width].filter((c) => c <= 2 ** width).sort((a, b) => a - b);
  const probe = allocate(dtype, 1);
  const probeWords = wordsOf(probe);
  const intervals: [number, number, number][] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const [low, next] = [sorted[k]!, sorted[k + 1]!];
    if (next <= low) continue;
    probeWords[0] = low;
    intervals.push([low, next - 1, classAt(probe, probeWords, 0)]);
  }
  return intervals;
}
