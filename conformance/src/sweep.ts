import { type DType, DTYPES, type ReluBackend, type ReluTypedArray, allocate, reluInto } from '@relu/core';
import { wordsOf } from './bit-views.js';
import { countClasses, countClassesInRange } from './classify.js';
import { classesOf } from './input-classes.js';
import { oracleInto } from './oracle.js';
import { type SubjectProfile, declaredOutcomes } from './profiles.js';
import { type SweepKind, type SweepPlan, planSweep } from './sweep-plans.js';
import { Tally } from './tally.js';
import { type SubjectResult, summarize } from './verdict.js';

export interface SweepSubject {
  readonly profile: SubjectProfile;
  readonly backend: ReluBackend;
}

export interface SweepProgress {
  readonly dtype: DType;
  readonly plan: string;
  readonly subjects: readonly string[];
  readonly done: number;
  readonly total: number;
}

export interface SweepOptions {
  /** The widest plan to run; a profile may narrow it per dtype (e.g. WebGL: stratified). */
  readonly kind: SweepKind;
  readonly seed: number;
  readonly chunkElements?: number;
  readonly dtypes?: readonly DType[];
  readonly onProgress?: (progress: SweepProgress) => void;
}

const KIND_ORDER: readonly SweepKind[] = ['quick', 'stratified', 'exhaustive'];

function narrower(a: SweepKind, b: SweepKind | undefined): SweepKind {
  return b !== undefined && KIND_ORDER.indexOf(b) < KIND_ORDER.indexOf(a) ? b : a;
}

/**
 * Sweeps subjects in lockstep: each chunk of inputs is made, run through the reference and
 * classified once, then handed to every subject, so the cost per extra subject is its own run
 * plus a word-wise comparison. Core (mode 'reference') is compared with the independent oracle;
 * every other subject with core.
 */
export async function sweepSubjects(subjects: readonly SweepSubject[], options: SweepOptions): Promise<SubjectResult[]> {
  const results: SubjectResult[] = [];
  for (const dtype of options.dtypes ?? DTYPES) {
    const participants = subjects.filter((s) => s.backend.dtypes.includes(dtype));
    const byKind = new Map<SweepKind, SweepSubject[]>();
    for (const s of participants) {
      const kind = narrower(options.kind, s.profile.sweep?.[dtype]);
      byKind.set(kind, [...(byKind.get(kind) ?? []), s]);
    }
    for (const [kind, group] of byKind) {
      const plan = planSweep(dtype, kind, { seed: options.seed, chunkElements: options.chunkElements ?? 1 << 22 });
      results.push(...(await sweepGroup(group, plan, options)));
    }
  }
  return results;
}

interface Running {
  readonly subject: SweepSubject;
  readonly tally: Tally;
  seconds: number;
  error?: string;
}

async function sweepGroup(group: readonly SweepSubject[], plan: SweepPlan, options: SweepOptions): Promise<SubjectResult[]> {
  const { dtype } = plan;
  const classes = classesOf(dtype);
  const running: Running[] = group.map((subject) => ({
    subject,
    tally: new Tally(dtype, declaredOutcomes(subject.profile, dtype, classes)),
    seconds: 0,
  }));
  const needsOracle = group.some((s) => s.profile.mode === 'reference');
  let expected: ReluTypedArray = allocate(dtype, 0);
  let oracle: ReluTypedArray = allocate(dtype, 0);
  let done = 0;
  for (const { input, start } of plan.chunks()) {
    if (expected.length !== input.length) {
      expected = allocate(dtype, input.length);
      oracle = allocate(dtype, needsOracle ? input.length : 0);
    }
    reluInto(dtype, input, expected);
    if (needsOracle) oracleInto(dtype, input, oracle);
    const inputWords = wordsOf(input);
    const classCounts = classes.map(() => 0);
    if (start !== undefined) countClassesInRange(dtype, start, input.length, classCounts);
    else countClasses(dtype, input, inputWords, classCounts);
    for (const r of running) {
      if (r.error !== undefined) continue;
      const began = performance.now();
      try {
        const actual = await r.subject.backend.run(input, { dtype });
        r.seconds += (performance.now() - began) / 1000;
        if (actual.constructor !== input.constructor || actual.length !== input.length) {
          throw new TypeError(`run() returned a ${actual.constructor.name} of length ${actual.length} for a ${input.constructor.name} of length ${input.length}`);
        }
        const reference = r.subject.profile.mode === 'reference' ? oracle : expected;
        r.tally.compare(input, inputWords, reference, wordsOf(reference), actual, wordsOf(actual));
        r.tally.addChecked(classCounts);
      } catch (error) {
        r.error = `${dtype} run failed after ${r.tally.checked} inputs: ${(error as Error).message}`;
      }
    }
    done += input.length;
    options.onProgress?.({ dtype, plan: plan.description, subjects: running.filter((r) => !r.error).map((r) => r.subject.profile.name), done, total: plan.total });
  }
  return running.map((r) =>
    summarize(r.subject.profile, r.tally, {
      info: r.subject.backend.info ?? {},
      sweep: plan.description,
      seed: options.seed,
      seconds: r.seconds,
      ...(r.error !== undefined ? { error: r.error } : {}),
    }),
  );
}
