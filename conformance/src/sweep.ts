import { type Attributes, DTYPES, type DType, OPS, OP_NAMES, type OpName, type ReluTypedArray, allocate, backendOps, isFloatDType, wordsOf } from '@relu/core';
import { type Classifier, classifierFor } from './classify.js';
import { CallGuard, InputSeal } from './contract-guard.js';
import { ORACLES } from './oracles/index.js';
import { NanPayloads, nanIndices } from './nan-payload.js';
import { OutcomeModels } from './outcomes.js';
import { deviationsFor, sweepKindFor } from './profiles.js';
import { type ArrayForm, type OpContext, type Place, type RowContext, describeContext, rowContext, whereIn } from './scope.js';
import type { Subject } from './subject.js';
import type { Narrowing } from './suite-plan.js';
import { type SweepKind, type SweepPlan, planSweep } from './sweep-plans.js';
import { Tally } from './tally.js';
import { type SubjectFailure, type SubjectResult, summarize } from './verdict.js';

/** One turn of the event loop (setImmediate in server runtimes, a zero timeout in pages). */
const nextMacrotask = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

export interface SweepProgress {
  readonly dtype: DType;
  readonly plan: string;
  readonly subjects: readonly string[];
  readonly done: number;
  readonly total: number;
}

export interface SweepOptions {
  /** The widest plan to run; a profile may narrow it per row (the naive loops, WebGL: stratified). */
  readonly kind: SweepKind;
  /** The environment the sweep runs in, as its rows record it (and deviation scopes read it). */
  readonly place: Place;
  /**
   * How a row's plan is narrowed beyond its profile in this place (the suite's plan: stratified
   * outside the primary environments), with the reason; none when absent.
   */
  readonly narrowing?: Narrowing;
  readonly seed: number;
  /** Deadline of each run() call, in milliseconds. */
  readonly deadlineMs: number;
  readonly chunkElements?: number;
  /** Stop each plan after this many chunks: for measuring what a chunk costs (scripts/ci-budget.mjs), never for checking. */
  readonly maxChunks?: number;
  /** Only these dtypes / ops (default: all). */
  readonly dtypes?: readonly DType[];
  readonly ops?: readonly OpName[];
  readonly onProgress?: (progress: SweepProgress) => void;
}

export interface SweepOutcome {
  readonly rows: SubjectResult[];
  /** Subjects with no row to check: a subject that checked nothing is a failure, not a pass. */
  readonly failures: SubjectFailure[];
}

/** The attributes each op is swept at: its defaults (leakyRelu: alpha = 0.01). fast-check varies them. */
function sweptAttributes(op: OpName): Attributes {
  return OPS[op].defaults as Attributes;
}

/**
 * The array forms a dtype's rows are swept in here: the dtype's usual arrays, and float16 also
 * as real Float16Arrays where the environment has them (end to end: inputs and outputs).
 */
function arrayForms(dtype: DType): (ArrayForm | undefined)[] {
  return dtype === 'float16' && typeof (globalThis as { Float16Array?: unknown }).Float16Array === 'function' ? [undefined, 'Float16Array'] : [undefined];
}

/** The chunk as the row's array form (a view over the same bits), and results read back as the dtype's bits. */
function asForm(input: ReluTypedArray, form: ArrayForm | undefined): ReluTypedArray {
  if (form === undefined) return input;
  const Float16 = (globalThis as unknown as { Float16Array: new (buffer: ArrayBufferLike, offset: number, length: number) => ReluTypedArray }).Float16Array;
  return new Float16(input.buffer, input.byteOffset, input.length);
}

function asBits(actual: ReluTypedArray, form: ArrayForm | undefined): ReluTypedArray {
  return form === undefined ? actual : new Uint16Array(actual.buffer, actual.byteOffset, actual.length);
}

interface Row {
  readonly subject: Subject;
  readonly guard: CallGuard;
  readonly context: RowContext;
  tally?: Tally;
  nanPayloads?: NanPayloads;
  seconds: number;
  slowestCall: number;
  error?: string;
}

/**
 * Sweeps subjects in lockstep, across ops as well as subjects: each chunk of inputs is generated,
 * sealed and classified once (once per kink set), each op's reference result is computed once
 * (and its oracle's, when the reference itself is checked), then every subject runs every op it
 * declares on the chunk. Core (mode 'reference') is compared with the oracles; every other
 * subject with core.
 */
export async function sweepSubjects(subjects: readonly Subject[], options: SweepOptions): Promise<SweepOutcome> {
  const failures: SubjectFailure[] = [];
  const byDtype = new Map<DType, Map<SweepKind, Row[]>>();
  for (const subject of subjects) {
    const guard = new CallGuard(subject, options.deadlineMs);
    const ops = backendOps(subject.backend);
    let planned = 0;
    for (const op of OP_NAMES) {
      if (options.ops && !options.ops.includes(op)) continue;
      for (const dtype of ops[op] ?? []) {
        if (options.dtypes && !options.dtypes.includes(dtype)) continue;
        for (const array of arrayForms(dtype)) {
          const opContext: OpContext = { op, attributes: sweptAttributes(op), dtype, ...(array ? { array } : {}) };
          const context = rowContext(opContext, whereIn(options.place, subject.profile.gpu));
          const kind = sweepKindFor(subject.profile, context, options.kind, options.narrowing);
          const kinds = byDtype.get(dtype) ?? byDtype.set(dtype, new Map()).get(dtype)!;
          kinds.set(kind, [...(kinds.get(kind) ?? []), { subject, guard, context, seconds: 0, slowestCall: 0 }]);
          planned++;
        }
      }
    }
    if (planned === 0) {
      const runs = Object.entries(ops).map(([o, d]) => `${o}: ${(d ?? []).join(', ') || 'no dtype'}`).join('; ');
      // Left out on purpose when the caller narrowed the ops and the subject runs others; else it checks nothing, a failure.
      const narrowedAway = options.ops !== undefined && Object.values(ops).some((d) => (d ?? []).length > 0) && !options.ops.some((op) => (ops[op] ?? []).length > 0);
      failures.push({
        name: subject.profile.name,
        environment: subject.profile.environment,
        reason: narrowedAway ? `runs none of the requested ops (${options.ops!.join(', ')}; it declares ${runs})` : `${subject.origin}: runs nothing this sweep covers (it declares ${runs || 'no op'})`,
        skipped: narrowedAway,
      });
    }
  }
  const rows: SubjectResult[] = [];
  for (const dtype of DTYPES) {
    for (const [kind, group] of byDtype.get(dtype) ?? []) {
      const kinks = [...new Set(group.flatMap((r) => OPS[r.context.op].kinks))];
      const plan = planSweep(dtype, kind, { seed: options.seed, chunkElements: options.chunkElements ?? 1 << 22, kinks });
      rows.push(...(await sweepGroup(group, plan, options)));
    }
  }
  return { rows, failures };
}

/** The per-op work shared by every subject on a chunk: the reference result, the oracle's, the classifier. */
interface OpChunk {
  readonly context: RowContext;
  readonly classifier: Classifier;
  readonly needsOracle: boolean;
  expected: ReluTypedArray;
  oracle: ReluTypedArray;
  models?: OutcomeModels;
  oracleModels?: OutcomeModels;
}

async function sweepGroup(group: readonly Row[], plan: SweepPlan, options: SweepOptions): Promise<SubjectResult[]> {
  const { dtype } = plan;
  const perOp = new Map<string, OpChunk>();
  // Rows of one op and attributes share the reference result, whatever their array form.
  const keyOf = (context: RowContext) => `${context.op}:${JSON.stringify(context.attributes)}`;
  for (const row of group) {
    const key = keyOf(row.context);
    const shared = perOp.get(key);
    const classifier = classifierFor(dtype, OPS[row.context.op]);
    row.tally = new Tally(row.context, classifier, deviationsFor(row.subject.profile, row.context));
    if (isFloatDType(dtype)) row.nanPayloads = new NanPayloads(dtype);
    const needsOracle = row.subject.profile.mode === 'reference';
    if (!shared) perOp.set(key, { context: row.context, classifier, needsOracle, expected: allocate(dtype, 0), oracle: allocate(dtype, 0) });
    else if (needsOracle && !shared.needsOracle) perOp.set(key, { ...shared, needsOracle });
  }
  const classifiers = [...new Set([...perOp.values()].map((o) => o.classifier))];
  let done = 0;
  let seal: InputSeal | undefined;
  let chunk = 0;
  for (const { input, start } of plan.chunks()) {
    if (options.maxChunks !== undefined && chunk++ >= options.maxChunks) break;
    // A sweep in this process awaits only microtasks; without macrotask turns the suite's other
    // environment could not even start its child process, and the browser harness's server in
    // this process could not serve a page its files (onnxruntime-web's 10 MB of wasm missed a 120 s
    // deadline in Chromium while Node 20 swept). So it yields before each step of a chunk.
    await nextMacrotask();
    seal = seal ? seal.capture(input) : new InputSeal(input);
    const inputWords = wordsOf(input);
    const counts = new Map<Classifier, number[]>();
    for (const classifier of classifiers) {
      const c = classifier.classes.map(() => 0);
      if (start !== undefined) classifier.countRange(start, input.length, c);
      else classifier.count(input, inputWords, c);
      counts.set(classifier, c);
    }
    // NaN positions, found once per chunk and only in chunks that hold NaNs (a few of the 1,024 of 2^32).
    const nanCount = isFloatDType(dtype) ? classifiers[0]!.classes.reduce((sum, cls, i) => (cls.startsWith('NaN') ? sum + counts.get(classifiers[0]!)![i]! : sum), 0) : 0;
    const nans = nanCount > 0 ? nanIndices(dtype, inputWords) : undefined;
    let float16Input: ReluTypedArray | undefined;
    for (const shared of perOp.values()) {
      await nextMacrotask();
      if (shared.expected.length !== input.length) {
        shared.expected = allocate(dtype, input.length);
        shared.oracle = allocate(dtype, shared.needsOracle ? input.length : 0);
      }
      OPS[shared.context.op].forward(dtype, shared.context.attributes as never, input, shared.expected);
      shared.models = new OutcomeModels(shared.context, input, shared.expected);
      if (shared.needsOracle) {
        ORACLES[shared.context.op](dtype, shared.context.attributes, input, shared.oracle);
        shared.oracleModels = new OutcomeModels(shared.context, input, shared.oracle);
      }
    }
    // Subject by subject, each running every op it declares: rows of one subject are adjacent in `group`.
    for (const row of group) {
      if (row.error !== undefined) continue;
      await nextMacrotask();
      const shared = perOp.get(keyOf(row.context))!;
      const form = row.context.array;
      const given = form === undefined ? input : (float16Input ??= asForm(input, form));
      const began = performance.now();
      try {
        const actual = asBits(await row.guard.run(given, row.context, 'sweep', seal), form);
        const seconds = (performance.now() - began) / 1000;
        row.seconds += seconds;
        row.slowestCall = Math.max(row.slowestCall, seconds);
        const models = row.subject.profile.mode === 'reference' ? shared.oracleModels! : shared.models!;
        const actualWords = wordsOf(actual);
        row.tally!.compare(models, actual, actualWords);
        row.tally!.addChecked(counts.get(shared.classifier)!);
        if (nans) row.nanPayloads!.add(inputWords, actualWords, nans);
      } catch (error) {
        row.error = `${describeContext(row.context)} sweep failed after ${row.tally!.checked.toLocaleString('en-US')} inputs: ${(error as Error).message}`;
      }
    }
    done += input.length;
    options.onProgress?.({ dtype, plan: plan.description, subjects: [...new Set(group.filter((r) => r.error === undefined).map((r) => r.subject.profile.name))], done, total: plan.total });
  }
  return group.map((row) =>
    summarize(row.subject.profile, row.tally!, {
      info: row.subject.backend.info ?? {},
      sweep: plan.description,
      seed: options.seed,
      seconds: row.seconds,
      slowestCall: row.slowestCall,
      ...(row.nanPayloads ? { nanPayload: row.nanPayloads.summary() } : {}),
      ...(row.error !== undefined ? { error: row.error } : {}),
    }),
  );
}
