import { type DType, type Op, RELU } from '@relu/core';

/**
 * The input classes mismatches are counted in. SPEC.md section 5 names the base classes; an op
 * whose definition changes at inputs other than 0 (its `kinks`, relu6: [0, 6]) has the base class
 * that holds each such kink split there, so that "6 itself" and "just above 6" are cells of their
 * own: '+normal<6', '6', '+normal>6' (integers: 'positive<6', '6', 'positive>6'). Several kinks in
 * one base class give '<a', 'a', '(a,b)', 'b', '>b'. The names are derived from `op.kinks`, never
 * written per op.
 */
export const FLOAT_CLASSES = ['-Inf', '-normal', '-subnormal', '-0', '+0', '+subnormal', '+normal', '+Inf', 'NaN+', 'NaN-'] as const;
export const INT_CLASSES = ['negative', 'zero', 'positive'] as const;
export type BaseClass = (typeof FLOAT_CLASSES)[number] | (typeof INT_CLASSES)[number];
/** A base class, or a piece of one split at a kink ('+normal<6', '6', '+normal>6'). */
export type InputClass = string;

/** What classifying needs of an op: where its definition changes. */
export type KinkSource = Pick<Op, 'kinks'>;

export function baseClassesOf(dtype: DType): readonly BaseClass[] {
  return dtype.startsWith('int') ? INT_CLASSES : FLOAT_CLASSES;
}

/** One base class and how it is split: its kinks ascending, and the class names of its pieces in value order. */
export interface SplitClass {
  readonly base: BaseClass;
  readonly kinks: readonly number[];
  /** 2 * kinks.length + 1 names: below the first kink, each kink, between kinks, above the last. */
  readonly pieces: readonly InputClass[];
}

/** The base class a kink value falls in: kinks are integers, so positive ones are normal numbers in every float format. */
function baseClassOfKink(dtype: DType, kink: number): BaseClass {
  if (!Number.isInteger(kink)) throw new RangeError(`input classes: kink ${kink} is not an integer; only integer kinks are classified`);
  if (dtype.startsWith('int')) return kink < 0 ? 'negative' : 'positive';
  return kink < 0 ? '-normal' : '+normal';
}

/** The base classes of the dtype that the op's kinks beyond 0 split, with their pieces. */
export function splitClassesOf(dtype: DType, op: KinkSource): readonly SplitClass[] {
  const byBase = new Map<BaseClass, number[]>();
  for (const kink of op.kinks) {
    if (kink === 0) continue; // 0 already separates classes (-0 | +0, negative | zero | positive)
    const base = baseClassOfKink(dtype, kink);
    byBase.set(base, [...(byBase.get(base) ?? []), kink]);
  }
  return [...byBase].map(([base, unsorted]) => {
    const kinks = [...new Set(unsorted)].sort((a, b) => a - b);
    const pieces: InputClass[] = [`${base}<${kinks[0]}`];
    kinks.forEach((k, i) => pieces.push(String(k), i + 1 < kinks.length ? `${base}(${k},${kinks[i + 1]})` : `${base}>${k}`));
    return { base, kinks, pieces };
  });
}

/** The classes of `dtype` for `op` (ReLU's when omitted), in the order reports show them. */
export function classesOf(dtype: DType, op: KinkSource = RELU): readonly InputClass[] {
  const splits = splitClassesOf(dtype, op);
  return baseClassesOf(dtype).flatMap((base) => splits.find((s) => s.base === base)?.pieces ?? [base]);
}
