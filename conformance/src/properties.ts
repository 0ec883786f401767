import { OPS, type ReluTypedArray, allocate, wordsOf } from '@relu/core';
import { classifierFor } from './classify.js';
import { type CallGuard, InputSeal } from './contract-guard.js';
import { LawKit, type Violations } from './laws/law-kit.js';
import { LAWS } from './laws/index.js';
import { OutcomeModels } from './outcomes.js';
import { deviationsFor } from './profiles.js';
import type { RowContext } from './scope.js';
import { Tally } from './tally.js';

/**
 * The checks the fast-check properties make on one input, for any subject and op. Each returns
 * the violations found (empty when the property holds). Contract breaks (a wrong result type or
 * length, the input returned or written into, a missed deadline) are violations too.
 */

/** run() is equal to @relu/core's result except as declared, returns a new array and leaves its input alone. */
export async function checkAgainstReference(guard: CallGuard, context: RowContext, x: ReluTypedArray): Promise<Violations> {
  let y: ReluTypedArray;
  try {
    y = await guard.run(x, context, 'fast-check: equal to @relu/core', new InputSeal(x));
  } catch (error) {
    return [(error as Error).message];
  }
  const expected = allocate(context.dtype, x.length);
  OPS[context.op].forward(context.dtype, context.attributes as never, x, expected);
  const tally = new Tally(context, classifierFor(context.dtype, OPS[context.op]), deviationsFor(guard.subject.profile, context));
  tally.compare(new OutcomeModels(context, x, expected), y, wordsOf(y));
  return tally.classes
    .filter((c) => c.undeclared > 0)
    .map((c) => `${c.undeclared} undeclared mismatch(es) in class ${c.class}: ${c.examples.map((e) => `input ${e.input}: expected ${e.expected}, got ${e.actual}`).join('; ')}`);
}

/** The op's laws from SPEC.md (src/laws/), on the subject's outputs, leaving out declared-deviating classes. */
export async function checkOpLaws(guard: CallGuard, context: RowContext, x: ReluTypedArray): Promise<Violations> {
  const kit = new LawKit(guard, context, classifierFor(context.dtype, OPS[context.op]), deviationsFor(guard.subject.profile, context));
  try {
    await LAWS[context.op](kit, x);
  } catch (error) {
    return [...kit.violations, (error as Error).message];
  }
  return kit.violations;
}
