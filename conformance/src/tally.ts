import { type ReluTypedArray, type WordView, elementBits, isNaNWord, wordsPerElement } from '@relu/core';
import type { Classifier } from './classify.js';
import type { InputClass } from './input-classes.js';
import type { OutcomeModels } from './outcomes.js';
import type { Deviation } from './profiles.js';
import type { RowContext } from './scope.js';

export interface MismatchExample {
  readonly input: string;
  readonly expected: string;
  readonly actual: string;
}

const EXAMPLES = 3;

/** How often one declared deviation occurred in its class, with a few examples. */
export interface DeviationCount {
  readonly deviation: Deviation;
  occurred: number;
  readonly examples: MismatchExample[];
}

/** One input class of one row: inputs checked, mismatches no deviation explains, and each deviation that applies. */
export interface ClassCount {
  readonly class: InputClass;
  checked: number;
  undeclared: number;
  readonly examples: MismatchExample[];
  /** The row's deviations that name this class, in profile order; a mismatch counts for the first whose outcome holds. */
  readonly deviations: readonly DeviationCount[];
}

/**
 * Counts, for one subject in one row context, how many inputs of each class were checked and how
 * many differed from SPEC.md's result, split into declared deviations (the declared class with
 * the declared outcome) and undeclared mismatches.
 */
export class Tally {
  readonly classes: readonly ClassCount[];

  constructor(
    readonly context: RowContext,
    readonly classifier: Classifier,
    /** The profile's deviations in scope for this row. */
    deviations: readonly Deviation[],
  ) {
    this.classes = classifier.classes.map((cls) => ({
      class: cls,
      checked: 0,
      undeclared: 0,
      examples: [],
      deviations: deviations.filter((d) => d.classes.includes(cls)).map((deviation) => ({ deviation, occurred: 0, examples: [] })),
    }));
  }

  get checked(): number {
    return this.classes.reduce((sum, c) => sum + c.checked, 0);
  }

  get undeclared(): number {
    return this.classes.reduce((sum, c) => sum + c.undeclared, 0);
  }

  addChecked(classCounts: readonly number[]): void {
    classCounts.forEach((count, i) => (this.classes[i]!.checked += count));
  }

  /**
   * Compares `actual` with the models' expected result, word by word (the fast path), and sorts
   * each differing element into its class: declared when a deviation's outcome holds, else
   * undeclared. Any NaN matches any NaN.
   */
  compare(models: OutcomeModels, actual: ReluTypedArray, actualWords: WordView): void {
    const { dtype } = this.context;
    const { input, inputWords, expected, expectedWords } = models;
    const width = wordsPerElement(dtype);
    for (let w = nextDifference(expectedWords, actualWords, 0); w >= 0; w = nextDifference(expectedWords, actualWords, w)) {
      const i = width === 1 ? w : w >> 1;
      w = (i + 1) * width; // resume after this element, whichever of its words differed
      if (isNaNWord(dtype, expectedWords, i) && isNaNWord(dtype, actualWords, i)) continue;
      const cell = this.classes[this.classifier.classAt(input, inputWords, i)]!;
      const example = (): MismatchExample => ({ input: elementBits(dtype, input, i), expected: elementBits(dtype, expected, i), actual: elementBits(dtype, actual, i) });
      const declared = cell.deviations.find((d) => models.holds(d.deviation.becomes, actual, actualWords, i));
      if (declared) {
        declared.occurred++;
        if (declared.examples.length < EXAMPLES) declared.examples.push(example());
      } else {
        cell.undeclared++;
        if (cell.examples.length < EXAMPLES) cell.examples.push(example());
      }
    }
  }
}

/**
 * Index of the first word at or after `from` where a and b differ, or -1. One monomorphic scan
 * per word width keeps V8's loop tight: this runs over every output of every sweep.
 */
export function nextDifference(a: WordView, b: WordView, from: number): number {
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
