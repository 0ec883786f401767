import { BYTES_PER_ELEMENT, type DType, HIGH_WORD, type ReluTypedArray, type WordView, elementBits, elementValue, isFloatDType, isNaNWord, sameBitsAt, wordsOf } from '@relu/core';
import type { Classifier } from '../classify.js';
import type { CallGuard } from '../contract-guard.js';
import type { Deviation } from '../profiles.js';
import type { RowContext } from '../scope.js';

export type Violations = string[];

/**
 * What an op's laws work with, for one input: running the subject (under its guard), reading
 * elements, and leaving out elements whose input class the profile declares as deviating (the
 * comparison with @relu/core already holds those to the declared outcome). Violations are
 * written with hex bits, so a failure can be read without re-running it.
 */
export class LawKit {
  readonly violations: Violations = [];
  readonly #views = new Map<ReluTypedArray, WordView>();
  readonly #declared: ReadonlySet<number>;

  constructor(
    readonly guard: CallGuard,
    readonly context: RowContext,
    readonly classifier: Classifier,
    deviations: readonly Deviation[],
  ) {
    this.#declared = new Set(classifier.classes.flatMap((c, i) => (deviations.some((d) => d.classes.includes(c)) ? [i] : [])));
  }

  get dtype(): DType {
    return this.context.dtype;
  }

  run(x: ReluTypedArray): Promise<ReluTypedArray> {
    return this.guard.run(x, this.context, `fast-check: the laws of ${this.context.op}`);
  }

  words(a: ReluTypedArray): WordView {
    let words = this.#views.get(a);
    if (!words) this.#views.set(a, (words = wordsOf(a)));
    return words;
  }

  /** True when the element's class declares no deviation, so SPEC's laws hold for it. */
  counted(a: ReluTypedArray, i: number): boolean {
    return !this.#declared.has(this.classifier.classAt(a, this.words(a), i));
  }

  value(a: ReluTypedArray, i: number): number | bigint {
    return elementValue(this.dtype, a, i);
  }

  bits(a: ReluTypedArray, i: number): string {
    return elementBits(this.dtype, a, i);
  }

  isNaN(a: ReluTypedArray, i: number): boolean {
    return isNaNWord(this.dtype, this.words(a), i);
  }

  same(a: ReluTypedArray, b: ReluTypedArray, i: number): boolean {
    return sameBitsAt(this.dtype, this.words(a), this.words(b), i);
  }

  report(message: string): void {
    if (this.violations.length < 8) this.violations.push(message);
  }
}

const copyOf = (x: ReluTypedArray): ReluTypedArray => x.slice() as ReluTypedArray;

/** Negation: flips the sign bit of floats; -x for integers (the minimum wraps to itself, which laws skip). */
export function negated(dtype: DType, x: ReluTypedArray): ReluTypedArray {
  const y = copyOf(x);
  if (!isFloatDType(dtype)) {
    const values = y as unknown as (number | bigint)[];
    for (let i = 0; i < values.length; i++) values[i] = -values[i]!;
    return y;
  }
  const words = wordsOf(y);
  const w = BYTES_PER_ELEMENT[dtype] === 8 ? 2 : 1;
  const signWord = w === 2 ? HIGH_WORD : 0;
  const signBit = BYTES_PER_ELEMENT[dtype] === 2 ? 0x8000 : 0x80000000;
  for (let i = 0; i < y.length; i++) words[i * w + signWord] = (words[i * w + signWord]! ^ signBit) >>> 0;
  return y;
}

/** True when -x is exactly the negation of x (always for floats; not for an integer minimum). */
export function negationExact(kit: LawKit, x: ReluTypedArray, minusX: ReluTypedArray, i: number): boolean {
  if (isFloatDType(kit.dtype)) return true;
  const v = kit.value(x, i);
  return kit.value(minusX, i) === -v;
}

export function finite(v: number | bigint): boolean {
  return typeof v === 'bigint' || Number.isFinite(v);
}
