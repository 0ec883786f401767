import { type DType, type ReluBackend, type ReluTypedArray, allocate, elementBits, elementValue, isFloatDType, reluInto } from '@relu/core';
import { HIGH, type WordView, isNaNWord, wordsOf, wordsPerElement } from './bit-views.js';
import { classIndexAt } from './classify.js';
import { FLOAT_FORMATS, classesOf } from './input-classes.js';
import { type SubjectProfile, declaredOutcomes } from './profiles.js';
import { Tally } from './tally.js';

/**
 * The checks the fast-check properties make on one input, for any subject. Each returns the
 * violations found (empty when the property holds), written with hex bits so a failure report
 * can be read without re-running it. Elements whose input class the profile declares as
 * deviating are left out of the SPEC properties: the deviation check already holds them.
 */

type Violations = string[];

const copyOf = (x: ReluTypedArray): ReluTypedArray => x.slice() as ReluTypedArray;

/** Same bits at element i (any NaN matching any NaN), on word views made once per array. */
function sameBits(dtype: DType, wa: WordView, wb: WordView, i: number): boolean {
  if (isNaNWord(dtype, wa, i) && isNaNWord(dtype, wb, i)) return true;
  const w = wordsPerElement(dtype);
  for (let k = 0; k < w; k++) if (wa[i * w + k] !== wb[i * w + k]) return false;
  return true;
}

/** run() returns a new array of x's type and length, equal to the reference except as declared, and leaves x alone. */
export async function checkAgainstReference(backend: ReluBackend, profile: SubjectProfile, dtype: DType, x: ReluTypedArray): Promise<Violations> {
  const before = copyOf(x);
  const y = await backend.run(x, { dtype });
  const violations: Violations = [];
  if (y.constructor !== x.constructor || y.length !== x.length) {
    return [`run() returned a ${y.constructor.name} of length ${y.length} for a ${x.constructor.name} of length ${x.length}`];
  }
  if (y.buffer === x.buffer && x.length > 0) violations.push('run() returned a view of its input instead of a new array');
  const [xWords, beforeWords] = [wordsOf(x), wordsOf(before)];
  for (let i = 0; i < x.length; i++) {
    if (!sameBits(dtype, xWords, beforeWords, i)) {
      violations.push(`run() modified its input at [${i}]: ${elementBits(dtype, before, i)} -> ${elementBits(dtype, x, i)}`);
      break;
    }
  }
  const expected = allocate(dtype, x.length);
  reluInto(dtype, x, expected);
  const tally = new Tally(dtype, declaredOutcomes(profile, dtype, classesOf(dtype)));
  tally.compare(x, wordsOf(x), expected, wordsOf(expected), y, wordsOf(y));
  tally.classes.forEach((cls, c) => {
    if (tally.mismatchesByClass[c]! > 0) {
      const shown = tally.examplesByClass[c]!.map((e) => `input ${e.input}: expected ${e.expected}, got ${e.actual}`).join('; ');
      violations.push(`${tally.mismatchesByClass[c]} undeclared mismatch(es) in class ${cls}: ${shown}`);
    }
  });
  return violations;
}

/** Negation: flips the sign bit of floats; -x for integers (the minimum wraps to itself, which the caller skips). */
function negated(dtype: DType, x: ReluTypedArray): ReluTypedArray {
  const y = copyOf(x);
  if (!isFloatDType(dtype)) {
    const values = y as unknown as (number | bigint)[];
    for (let i = 0; i < values.length; i++) values[i] = -values[i]!;
    return y;
  }
  const words = wordsOf(y);
  const w = wordsPerElement(dtype);
  const signWord = w === 2 ? HIGH : 0;
  const signBit = dtype === 'float16' || dtype === 'bfloat16' ? 0x8000 : 0x80000000;
  for (let i = 0; i < y.length; i++) words[i * w + signWord] = (words[i * w + signWord]! ^ signBit) >>> 0;
  return y;
}

type Scalar = number | bigint;
const plus = (a: Scalar, b: Scalar): Scalar => (a as number) + (b as number);
const minus = (a: Scalar, b: Scalar): Scalar => (a as number) - (b as number);
const magnitude = (a: Scalar): Scalar => (a < 0 ? -a : a);

/** 2x on the bits, where exact: exponent + 1 for normals below the top binade, 2x for integers that do not overflow. */
function doubled(dtype: DType, x: ReluTypedArray): { readonly y: ReluTypedArray; readonly exact: boolean[] } {
  const y = copyOf(x);
  const exact: boolean[] = [];
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    for (let i = 0; i < y.length; i++) {
      const doubledValue = dtype === 'int64' ? (x as BigInt64Array)[i]! * 2n : (x[i] as number) * 2;
      (y as unknown as (number | bigint)[])[i] = doubledValue;
      exact.push(y[i] === doubledValue);
    }
    return { y, exact };
  }
  const words = wordsOf(y);
  const maxExponent = 2 ** format.exponentBits - 1;
  const bias = maxExponent >> 1;
  const [smallestNormal, topBinade] = [2 ** (1 - bias), 2 ** (maxExponent - 1 - bias)];
  for (let i = 0; i < y.length; i++) {
    const magnitude = Math.abs(elementValue(dtype, x, i) as number);
    const isNormal = magnitude >= smallestNormal && magnitude < topBinade;
    exact.push(isNormal);
    if (!isNormal) continue;
    if (dtype === 'float64') {
      words[2 * i + HIGH] = words[2 * i + HIGH]! + 2 ** 20;
    } else {
      words[i] = words[i]! + 2 ** format.fractionBits;
    }
  }
  return { y, exact };
}

/**
 * The properties of SPEC.md on a subject's output: NaN in iff NaN out; no negative result and no
 * -0; idempotence; relu(x) + relu(-x) = |x| and relu(x) - relu(-x) = x for finite x; monotonicity
 * (on x and its negation, element by element); relu(2x) = 2 relu(x) where doubling is exact.
 */
export async function checkSpecProperties(backend: ReluBackend, profile: SubjectProfile, dtype: DType, x: ReluTypedArray): Promise<Violations> {
  const classes = classesOf(dtype);
  const declared = declaredOutcomes(profile, dtype, classes);
  // Word views of each array, made once: the checks below read them element by element.
  const views = new Map<ReluTypedArray, WordView>();
  const words = (a: ReluTypedArray): WordView => views.get(a) ?? views.set(a, wordsOf(a)).get(a)!;
  const counted = (input: ReluTypedArray, i: number) => declared[classIndexAt(dtype, input, words(input), i)] === undefined;
  const violations: Violations = [];
  const report = (message: string) => {
    if (violations.length < 8) violations.push(message);
  };
  const value = (a: ReluTypedArray, i: number) => elementValue(dtype, a, i);
  const isNaNAt = (a: ReluTypedArray, i: number) => isNaNWord(dtype, words(a), i);
  const bits = (a: ReluTypedArray, i: number) => elementBits(dtype, a, i);

  const y = await backend.run(x, { dtype });
  const minusX = negated(dtype, x);
  const [yy, yMinus] = [await backend.run(y, { dtype }), await backend.run(minusX, { dtype })];
  const { y: twoX, exact } = doubled(dtype, x);
  const yTwo = await backend.run(twoX, { dtype });

  for (let i = 0; i < x.length; i++) {
    if (!counted(x, i)) continue;
    const at = `[${i}] x = ${bits(x, i)}`;
    if (isNaNAt(x, i) !== isNaNAt(y, i)) report(`${at}: NaN in iff NaN out, but relu gave ${bits(y, i)}`);
    if (isNaNAt(y, i)) continue;
    const v = value(y, i);
    if (v < 0 || Object.is(v, -0)) report(`${at}: relu gave ${bits(y, i)}, a negative value or -0`);
    if (counted(y, i) && !sameBits(dtype, words(yy), words(y), i)) report(`${at}: not idempotent, relu(relu(x)) = ${bits(yy, i)} but relu(x) = ${bits(y, i)}`);
    const xv = value(x, i);
    const negationExact = isFloatDType(dtype) || value(minusX, i) === -xv;
    const finite = typeof xv === 'bigint' || Number.isFinite(xv);
    if (finite && negationExact && counted(minusX, i) && !isNaNAt(yMinus, i)) {
      const [p, q] = [value(y, i), value(yMinus, i)];
      if (plus(p, q) !== magnitude(xv) || minus(p, q) != xv) {
        report(`${at}: relu(x) = ${bits(y, i)}, relu(-x) = ${bits(yMinus, i)} do not split x: relu(x) + relu(-x) = |x|, relu(x) - relu(-x) = x`);
      }
      if (xv <= value(minusX, i) ? p > q : p < q) report(`${at}: not monotone against -x: relu(x) = ${bits(y, i)}, relu(-x) = ${bits(yMinus, i)}`);
    }
    if (exact[i] && counted(twoX, i) && !isNaNAt(yTwo, i)) {
      const twice = typeof v === 'bigint' ? v * 2n : v * 2;
      if (value(yTwo, i) !== twice) report(`${at}: relu(2x) = ${bits(yTwo, i)} is not 2 relu(x) = 2 * ${bits(y, i)}`);
    }
  }
  return violations;
}
