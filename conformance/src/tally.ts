import { type DType, type ReluTypedArray, elementBits } from '@relu/core';
import { HIGH, LOW, type WordView, isNaNWord, wordsPerElement } from './bit-views.js';
import { classIndexAt } from './classify.js';
import { type InputClass, classesOf } from './input-classes.js';
import type { Deviation, DeviationOutcome } from './profiles.js';

export interface MismatchExample {
  readonly input: string;
  readonly expected: string;
  readonly actual: string;
}

const EXAMPLES_PER_CLASS = 3;

/**
 * Counts, for one subject and dtype, how many inputs of each class were checked and how many
 * differed from the reference, split into declared deviations (the profile's class, with the
 * declared outcome) and undeclared mismatches, keeping a few examples of each.
 */
export class Tally {
  readonly classes: readonly InputClass[];
  readonly checkedByClass: number[];
  readonly mismatchesByClass: number[];
  readonly declaredByClass: number[];
  readonly examplesByClass: MismatchExample[][];
  readonly declaredExamplesByClass: MismatchExample[][];

  constructor(
    readonly dtype: DType,
    readonly declared: readonly (Deviation | undefined)[],
  ) {
    this.classes = classesOf(dtype);
    const zeros = () => this.classes.map(() => 0);
    this.checkedByClass = zeros();
    this.mismatchesByClass = zeros();
    this.declaredByClass = zeros();
    this.examplesByClass = this.classes.map(() => []);
    this.declaredExamplesByClass = this.classes.map(() => []);
  }

  get checked(): number {
    return this.checkedByClass.reduce((a, b) => a + b, 0);
  }

  addChecked(classCounts: readonly number[]): void {
    classCounts.forEach((count, i) => (this.checkedByClass[i]! += count));
  }

  /**
   * Compares `actual` with `expected` for the inputs of one chunk. Word-wise equality is the fast
   * path; only differing elements are classified. Any NaN matches any NaN.
   */
  compare(input: ReluTypedArray, inputWords: WordView, expected: ReluTypedArray, expectedWords: WordView, actual: ReluTypedArray, actualWords: WordView): void {
    const { dtype } = this;
    const width = wordsPerElement(dtype);
    for (let w = nextDifference(expectedWords, actualWords, 0); w >= 0; w = nextDifference(expectedWords, actualWords, w)) {
      const i = width === 1 ? w : w >> 1;
      w = (i + 1) * width; // resume after this element, whichever of its words differed
      if (isNaNWord(dtype, expectedWords, i) && isNaNWord(dtype, actualWords, i)) continue;
      const cls = classIndexAt(dtype, input, inputWords, i);
      const deviation = this.declared[cls];
      const example = (): MismatchExample => ({ input: elementBits(dtype, input, i), expected: elementBits(dtype, expected, i), actual: elementBits(dtype, actual, i) });
      if (deviation && outcomeHolds(deviation.becomes, dtype, input, inputWords, actual, actualWords, i)) {
        this.declaredByClass[cls]!++;
        if (this.declaredExamplesByClass[cls]!.length < EXAMPLES_PER_CLASS) this.declaredExamplesByClass[cls]!.push(example());
      } else {
        this.mismatchesByClass[cls]!++;
        if (this.examplesByClass[cls]!.length < EXAMPLES_PER_CLASS) this.examplesByClass[cls]!.push(example());
      }
    }
  }
}

/**
 * Index of the first word at or after `from` where a and b differ, or -1. One monomorphic scan
 * per word width keeps V8's loop tight: this runs over every output of every sweep.
 */
function nextDifference(a: WordView, b: WordView, from: number): number {
  if (a instanceof Uint32Array) return nextDifference32(a, b as Uint32Array, from);
  if (a instanceof Uint16Array) return nextDifference16(a, b as Uint16Array, from);
  return nextDifference8(a, b as Uint8Array, from);
}

function nextDifference32(a: Uint32Array, b: Uint32Array, from: number): number {
  for (let i = from, n = a.length; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function nextDifference16(a: Uint16Array, b: Uint16Array, from: number): number {
  for (let i = from, n = a.length; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function nextDifference8(a: Uint8Array, b: Uint8Array, from: number): number {
  for (let i = from, n = a.length; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** The bits of -0 in each one-word float format. */
const NEGATIVE_ZERO: Readonly<Partial<Record<DType, number>>> = { float32: 0x80000000, float16: 0x8000, bfloat16: 0x8000 };

function outcomeHolds(outcome: DeviationOutcome, dtype: DType, input: ReluTypedArray, inputWords: WordView, actual: ReluTypedArray, actualWords: WordView, i: number): boolean {
  const width = wordsPerElement(dtype);
  switch (outcome) {
    case 'NaN':
      return isNaNWord(dtype, actualWords, i);
    case '+0':
      return width === 1 ? actualWords[i] === 0 : actualWords[2 * i] === 0 && actualWords[2 * i + 1] === 0;
    case '-0':
      return width === 1 ? actualWords[i] === NEGATIVE_ZERO[dtype] : actualWords[2 * i + HIGH] === 0x80000000 && actualWords[2 * i + LOW] === 0;
    case 'nearest-float32': {
      const rounded = Math.fround(Number(input[i]));
      const got = Number(actual[i]);
      // Converted back to int32: wrapped (WebGL) or saturated at 2^31 - 128, the largest float32 below 2^31 (WGSL).
      return got === rounded || got === (rounded | 0) || got === Math.min(rounded, 2 ** 31 - 128);
    }
    case 'input':
      return width === 1 ? actualWords[i] === inputWords[i] : actualWords[2 * i] === inputWords[2 * i] && actualWords[2 * i + 1] === inputWords[2 * i + 1];
  }
}
