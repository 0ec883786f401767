import {
  BackendDisposedError,
  DTYPES,
  type DType,
  OPS,
  OP_NAMES,
  type OpName,
  UnsupportedDTypeError,
  UnsupportedOpError,
  arrayFromBits,
  backendOps,
  elementBits,
  isNaNBits,
} from '@relu/core';
import fc from 'fast-check';
import { ATTRIBUTES, arraySpec, materialize, replayParameters, specialExamples } from './arbitraries.js';
import { CallGuard } from './contract-guard.js';
import { isExcluded, unsupportedFor } from './profiles.js';
import { checkAgainstReference, checkOpLaws } from './properties.js';
import { type OpContext, type Place, type RowContext, describeContext, rowContext, whereIn } from './scope.js';
import type { Subject } from './subject.js';

/**
 * The suite's per-call checks of one subject in one environment, as functions that return what
 * they found: special values, the fast-check properties (equal to @relu/core, the op's laws),
 * typed errors for what it cannot run, and use after dispose. Every call goes through the same
 * guard (deadline, contract). The test file turns each into a test; nothing here skips silently:
 * what is left out is in `notes`.
 */
export type CheckName = 'special values' | 'equal to @relu/core (fast-check)' | 'laws (fast-check)' | 'typed errors' | 'use after dispose';
export const CHECK_NAMES: readonly CheckName[] = ['special values', 'equal to @relu/core (fast-check)', 'laws (fast-check)', 'typed errors', 'use after dispose'];

export interface CheckOutcome {
  readonly problems: readonly string[];
  /** What was left out and why (a skipped check, cases at unsupported attributes). */
  readonly notes: readonly string[];
}

export interface CheckOptions {
  readonly deadlineMs: number;
  /** fast-check runs per property (0: the properties are not run; `runsReason` says why). */
  readonly numRuns: number;
  readonly runsReason?: string;
  readonly ops?: readonly OpName[];
  /** A fresh instance, for the test that disposes it. */
  readonly recreate: () => Promise<Subject>;
}

/** The (op, dtype) pairs the subject runs, in registry order. */
export function opDTypes(subject: Subject, ops?: readonly OpName[]): [OpName, DType][] {
  const declared = backendOps(subject.backend);
  return OP_NAMES.filter((op) => ops === undefined || ops.includes(op)).flatMap((op) => (declared[op] ?? []).map((dtype) => [op, dtype] as [OpName, DType]));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function specialValues(guard: CallGuard, context: RowContext): Promise<string[]> {
  const table = OPS[context.op].specialValues[context.dtype];
  if (table === undefined || table.length === 0) return [];
  const x = arrayFromBits(context.dtype, table.map((v) => v.input));
  let y;
  try {
    y = await guard.run(x, context, 'special values');
  } catch (error) {
    return [`${describeContext(context)}: ${message(error)}`];
  }
  // Expected bits come from core's hand-written SPEC table; 'NaN' accepts any NaN. A row the profile
  // declares as deviating is held to its declared outcome by the comparison with @relu/core.
  const wrong = table.flatMap((v, i) => {
    const got = elementBits(context.dtype, y, i);
    return (v.expected === 'NaN' ? isNaNBits(context.dtype, got) : got === v.expected) ? [] : [`${v.label} (${v.input}): expected ${v.expected}, got ${got}`];
  });
  const undeclared = await checkAgainstReference(guard, context, x);
  return undeclared.length > 0 ? [`${describeContext(context)} special values: ${wrong.join('; ')}: ${undeclared.join('; ')}`] : [];
}

/** One fast-check property over random arrays and attributes; cases at attributes the profile declares unsupported are counted, not checked. */
async function property(guard: CallGuard, op: OpName, dtype: DType, place: Place, numRuns: number, check: typeof checkAgainstReference): Promise<CheckOutcome> {
  const { profile } = guard.subject;
  const left = new Map<string, number>();
  const where = whereIn(place, profile.gpu);
  // fast-check counts its examples in numRuns: the random runs come on top of them.
  const examples = specialExamples(op);
  try {
    await fc.assert(
      fc.asyncProperty(arraySpec, ATTRIBUTES[op], async (spec, attributes) => {
        const context = rowContext({ op, attributes: { ...OPS[op].defaults, ...attributes }, dtype }, where);
        const unsupported = unsupportedFor(profile, context);
        if (unsupported) {
          left.set(unsupported.reason, (left.get(unsupported.reason) ?? 0) + 1);
          return;
        }
        const violations = await check(guard, context, materialize(dtype, spec));
        if (violations.length > 0) throw new Error(violations.join('\n'));
      }),
      { numRuns: examples.length + numRuns, ...replayParameters(), examples },
    );
  } catch (error) {
    // fast-check's message names the counterexample; its cause says what the subject returned.
    const cause = error instanceof Error && error.cause !== undefined ? `\nWhat it returned: ${message(error.cause)}` : '';
    return { problems: [`${op} ${dtype}: ${message(error)}${cause}`], notes: [] };
  }
  return { problems: [], notes: [...left].map(([reason, count]) => `${op} ${dtype}: ${count} case(s) not checked, at attributes the profile declares unsupported: ${reason}`) };
}

async function typedErrors(subject: Subject): Promise<string[]> {
  const { backend } = subject;
  const ops = backendOps(backend);
  const [op] = opDTypes(subject)[0]!;
  const problems: string[] = [];
  const expectRejection = async (what: string, call: () => Promise<unknown>, kind: new (...args: never[]) => Error, pattern?: RegExp) => {
    try {
      await call();
      problems.push(`${what}: run() resolved; expected a ${kind.name}`);
    } catch (error) {
      if (!(error instanceof kind)) problems.push(`${what}: expected a ${kind.name}, got ${(error as Error)?.name}: ${message(error)}`);
      else if (pattern && !pattern.test(message(error))) problems.push(`${what}: the ${kind.name} does not match ${pattern}: ${message(error)}`);
    }
  };
  const notRun = OP_NAMES.find((o) => ops[o] === undefined);
  if (notRun) await expectRejection(`an op it does not run (${notRun})`, () => backend.run(arrayFromBits('float32', ['0x3f800000']), { op: notRun }), UnsupportedOpError);
  const unsupported = OPS[op].dtypes.find((d) => !(ops[op] ?? []).includes(d));
  if (unsupported) await expectRejection(`${op} on a dtype it does not run (${unsupported})`, () => backend.run(arrayFromBits(unsupported, ['0']), { dtype: unsupported, op }), UnsupportedDTypeError);
  const undefinedFor = DTYPES.find((d) => !OPS[op].dtypes.includes(d));
  if (undefinedFor) await expectRejection(`${op} on a dtype it is not defined on (${undefinedFor})`, () => backend.run(arrayFromBits(undefinedFor, ['1']), { dtype: undefinedFor, op }), TypeError);
  await expectRejection('a string', () => backend.run('not an array' as never, { op }), TypeError);
  await expectRejection('a Uint8Array', () => backend.run(new Uint8Array(4) as never, { op }), TypeError);
  await expectRejection('a Uint16Array without options.dtype', () => backend.run(new Uint16Array(4), { op }), TypeError, /options\.dtype/);
  return problems;
}

async function useAfterDispose(options: CheckOptions, place: Place): Promise<string[]> {
  const fresh = await options.recreate();
  const [op, dtype] = opDTypes(fresh)[0]!;
  const context = rowContext({ op, attributes: OPS[op].defaults, dtype } satisfies OpContext, whereIn(place, fresh.profile.gpu));
  const input = arrayFromBits(dtype, ['1', '0']);
  const guard = new CallGuard(fresh, options.deadlineMs);
  await guard.run(input, context, 'use after dispose');
  await guard.dispose();
  try {
    await fresh.backend.run(input, CallGuard.runOptions(fresh.backend, context));
    return ['run() after dispose() resolved; expected a BackendDisposedError'];
  } catch (error) {
    return error instanceof BackendDisposedError ? [] : [`run() after dispose(): expected a BackendDisposedError, got ${(error as Error)?.name}: ${message(error)}`];
  }
}

/** Runs every per-call check of `subject` in `place` and returns what each found. */
export async function runChecks(subject: Subject, place: Place, options: CheckOptions): Promise<Record<CheckName, CheckOutcome>> {
  const guard = new CallGuard(subject, options.deadlineMs);
  const pairs = opDTypes(subject, options.ops);
  const where = whereIn(place, subject.profile.gpu);
  const outcome = async (run: () => Promise<CheckOutcome>): Promise<CheckOutcome> => {
    try {
      return await run();
    } catch (error) {
      return { problems: [message(error)], notes: [] };
    }
  };
  const results = {} as Record<CheckName, CheckOutcome>;
  results['special values'] = await outcome(async () => {
    const problems: string[] = [];
    const notes: string[] = [];
    for (const [op, dtype] of pairs) {
      const table = OPS[op].specialValues[dtype];
      if (table === undefined || table.length === 0) notes.push(`${op} ${dtype}: @relu/core has no special-values table`);
      else problems.push(...(await specialValues(guard, rowContext({ op, attributes: OPS[op].defaults, dtype }, where))));
    }
    return { problems, notes };
  });
  for (const [name, check] of [['equal to @relu/core (fast-check)', checkAgainstReference], ['laws (fast-check)', checkOpLaws]] as const) {
    results[name] = await outcome(async () => {
      if (options.numRuns === 0) return { problems: [], notes: [`not run here: ${options.runsReason ?? 'no fast-check runs requested'}`] };
      const problems: string[] = [];
      const notes: string[] = options.runsReason ? [`${options.numRuns} runs per property here: ${options.runsReason}`] : [];
      for (const [op, dtype] of pairs) {
        const found = await property(guard, op, dtype, place, options.numRuns, check);
        problems.push(...found.problems);
        notes.push(...found.notes);
      }
      return { problems, notes };
    });
  }
  results['typed errors'] = await outcome(async () => ({ problems: pairs.length > 0 ? await typedErrors(subject) : [], notes: [] }));
  const disposeExclusion = isExcluded(subject.profile, 'use-after-dispose');
  results['use after dispose'] = disposeExclusion
    ? { problems: [], notes: [`excluded: ${disposeExclusion.reason}`] }
    : await outcome(async () => ({ problems: await useAfterDispose(options, place), notes: [] }));
  return results;
}
