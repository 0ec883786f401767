import type { OpName, ReluTypedArray } from '@relu/core';
import type { LawKit } from './law-kit.js';
import { leakyReluLaws } from './leaky-relu.js';
import { reluLaws } from './relu.js';
import { relu6Laws } from './relu6.js';

/** An op's laws from SPEC.md, checked on a subject's outputs for one input; violations go to the kit. */
export type OpLaws = (kit: LawKit, x: ReluTypedArray) => Promise<void>;

/** One set of laws per op of core's registry: the type makes a new op without laws a compile error. */
export const LAWS: Readonly<Record<OpName, OpLaws>> = {
  relu: reluLaws,
  leakyRelu: leakyReluLaws,
  relu6: relu6Laws,
};
