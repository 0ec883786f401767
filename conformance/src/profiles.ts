import { DTYPES, type DType, OPS, type OpName, isDType } from '@relu/core';
import { type InputClass, classesOf } from './input-classes.js';
import { DEVIATION_OUTCOMES, type DeviationOutcome, outcomeDTypes, outcomeOps } from './outcomes.js';
import { profileError, shown } from './profile-error.js';
import { type RowContext, SCOPE_KEY_NAMES, type Scope, TIER_NAMES, type Tier, type Where, inScope, opInScope, parseScope, placeInScope } from './scope.js';
import { type Narrowing, keeps } from './suite-plan.js';
import type { SweepKind } from './sweep-plans.js';

/**
 * A subject's profile: how to create it and the deviations from SPEC.md it declares, as data
 * (profiles.json or a user's own file). The suite holds each subject to exactly its profile.
 * Parsing validates every field and returns the normalized form the rest of the suite reads.
 */

/** One declared deviation: where it applies (its scope), which input classes, what they become, and why. */
export interface Deviation extends Scope {
  /** The ops it applies to; absent in the file means ["relu"], so profiles written before ops keep their meaning. */
  readonly ops: readonly OpName[];
  readonly dtypes: readonly DType[];
  /** The input classes that deviate ("class" in the file: one name or an array). */
  readonly classes: readonly InputClass[];
  /** What the subject returns instead: one outcome or any of several. */
  readonly becomes: readonly DeviationOutcome[];
  readonly reason: string;
}

/** A narrower sweep plan where the requested one does not fit (a naive loop, WebGL on a software rasteriser), with why. */
export interface SweepSetting extends Scope {
  readonly kind: SweepKind;
  readonly reason: string;
}

/**
 * Attribute values a subject cannot compute (its runtime fails to build the kernel, or returns
 * garbage), with why: the fast-check properties do not hold it to SPEC.md there, and say how
 * many cases they left out. Sweeps run at the op's defaults, which a profile may not declare so.
 */
export interface UnsupportedSetting extends Scope {
  readonly reason: string;
}

/** Where a subject cannot run at all (no WebGPU in WebKitGTK, no wasm SIMD with WebKit's JIT off), with why. */
export interface UnavailableSetting extends Scope {
  readonly reason: string;
}

/** The two kinds of place a subject runs in: every server runtime, every browser. */
export type EnvironmentKind = 'runtime' | 'browser';
export const ENVIRONMENT_KINDS: readonly EnvironmentKind[] = ['runtime', 'browser'];

/** The GPU API a subject computes on: its rows carry that API's GPU stack. */
export type GpuApiName = 'webgl' | 'webgpu';

/** A test of the shared suite a subject is excused from, with the reason. */
export interface Exclusion {
  readonly test: 'use-after-dispose';
  readonly reason: string;
}

/** The largest input the benchmarks run the subject at, with why (seconds per call at 1.6e7 on a software GPU). */
export interface BenchLimits {
  readonly maxElements: number;
  readonly reason: string;
}

export interface SubjectProfile {
  readonly name: string;
  readonly description: string;
  /**
   * Its home: 'node' (the suite's own process, and the bench) or 'browser' (a page). It runs in
   * every environment of `environments`' kinds: by default every server runtime for 'node',
   * every browser for 'browser'.
   */
  readonly environment: 'node' | 'browser';
  /** The kinds of environment it runs in (default: its home's kind). */
  readonly environments: readonly EnvironmentKind[];
  /** The JIT tiers it is checked in (default optimized only; JavaScript-level subjects: both). */
  readonly tiers: readonly Tier[];
  /** The GPU API it computes on, if any: its rows are scoped by that API's GPU stack. */
  readonly gpu?: GpuApiName;
  readonly unavailable?: readonly UnavailableSetting[];
  /** Adapter file under src/subjects/, without extension (or a user's module path). */
  readonly adapter: string;
  /** Passed to the adapter's factory. */
  readonly options?: unknown;
  /** 'reference' (core, checked against the oracles), 'raw' runtime output, or 'canonical' (repaired to SPEC.md). */
  readonly mode: 'reference' | 'raw' | 'canonical';
  /** A runtime the suite measures but this repository does not own (tfjs, naive loops). */
  readonly peer?: boolean;
  readonly sweep?: readonly SweepSetting[];
  readonly bench?: BenchLimits;
  readonly deviations: readonly Deviation[];
  readonly unsupported?: readonly UnsupportedSetting[];
  readonly exclusions?: readonly Exclusion[];
  /** Where the profile was read from (file and entry), for messages; set by the parser. */
  readonly source: string;
}

const PROFILE_KEYS = ['name', 'description', 'environment', 'environments', 'tiers', 'gpu', 'adapter', 'options', 'mode', 'peer', 'sweep', 'bench', 'deviations', 'unsupported', 'unavailable', 'exclusions'];
const DEVIATION_KEYS = [...SCOPE_KEY_NAMES, 'class', 'becomes', 'reason'];
const SWEEP_KEYS = [...SCOPE_KEY_NAMES, 'kind', 'reason'];
const UNSUPPORTED_KEYS = [...SCOPE_KEY_NAMES, 'reason'];
const UNAVAILABLE_KEYS = ['environments', 'engines', 'tiers', 'reason'];
const SWEEP_KINDS: readonly SweepKind[] = ['exhaustive', 'stratified', 'quick'];
const EXCLUDABLE: readonly Exclusion['test'][] = ['use-after-dispose'];

function object(value: unknown, at: string, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw profileError(at, `must be ${what}; got ${shown(value)}`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, known: readonly string[], at: string): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) throw profileError(at, `unknown key "${key}"; known keys: ${known.join(', ')}`);
}

function reason(value: unknown, at: string, what: string): string {
  if (typeof value !== 'string' || value.trim().length < 10) throw profileError(`${at} "reason"`, `must explain the ${what} (a sentence); got ${shown(value)}`);
  return value;
}

/** Every (op, dtype) a scope names, each checked to be defined (SPEC.md: leakyRelu has no int32). */
function opDTypePairs(ops: readonly OpName[], dtypes: readonly DType[], at: string): [OpName, DType][] {
  const pairs: [OpName, DType][] = [];
  for (const op of ops) {
    for (const dtype of dtypes) {
      if (!OPS[op].dtypes.includes(dtype)) throw profileError(`${at} "dtypes"`, `${op} is not defined on ${dtype} (it is defined on ${OPS[op].dtypes.join(', ')})`);
      pairs.push([op, dtype]);
    }
  }
  return pairs;
}

function checkAttributeNames(scope: Scope, ops: readonly OpName[], at: string): void {
  for (const name of Object.keys(scope.attributes ?? {})) {
    const without = ops.filter((op) => !Object.hasOwn(OPS[op].defaults, name));
    if (without.length > 0) throw profileError(`${at} "attributes"`, `${without.join(', ')} has no attribute "${name}"`);
  }
}

function parseDeviation(value: unknown, at: string): Deviation {
  const raw = object(value, at, 'an object { ops?, dtypes, attributes?, class, becomes, reason }');
  onlyKeys(raw, DEVIATION_KEYS, at);
  if (raw.dtypes === undefined) throw profileError(`${at} "dtypes"`, 'is required: the dtypes the deviation applies to');
  const scope = parseScope({ ops: ['relu'], ...raw }, at);
  const ops = scope.ops!;
  const dtypes = scope.dtypes!;
  const pairs = opDTypePairs(ops, dtypes, at);
  checkAttributeNames(scope, ops, at);
  const classes = typeof raw.class === 'string' ? [raw.class] : raw.class;
  if (!Array.isArray(classes) || classes.length === 0) throw profileError(`${at} "class"`, `must be an input class or a non-empty array of them; got ${shown(raw.class)}`);
  for (const [op, dtype] of pairs) {
    const known = classesOf(dtype, OPS[op]);
    for (const c of classes) if (!known.includes(c as string)) throw profileError(`${at} "class"`, `${shown(c)} is not an input class of ${op} on ${dtype}; its classes: ${known.join(', ')}`);
  }
  const becomes = typeof raw.becomes === 'string' ? [raw.becomes] : raw.becomes;
  if (!Array.isArray(becomes) || becomes.length === 0 || !becomes.every((b) => DEVIATION_OUTCOMES.includes(b as DeviationOutcome))) {
    throw profileError(`${at} "becomes"`, `must be one of ${DEVIATION_OUTCOMES.join(', ')} (or an array of them); got ${shown(raw.becomes)}`);
  }
  for (const outcome of becomes as DeviationOutcome[]) {
    const wrong = dtypes.filter((d) => !outcomeDTypes(outcome).includes(d));
    if (wrong.length > 0) throw profileError(`${at} "becomes"`, `"${outcome}" does not apply to ${wrong.join(', ')} (only to ${outcomeDTypes(outcome).join(', ')})`);
    const validOps = outcomeOps(outcome);
    const wrongOps = validOps ? ops.filter((op) => !validOps.includes(op)) : [];
    if (wrongOps.length > 0) throw profileError(`${at} "becomes"`, `"${outcome}" does not apply to ${wrongOps.join(', ')} (only to ${validOps!.join(', ')})`);
  }
  return { ...scope, ops, dtypes, classes: classes as InputClass[], becomes: becomes as DeviationOutcome[], reason: reason(raw.reason, at, 'deviation') };
}

/** The sweep field: an array of scoped settings, or the older object of dtype -> kind (applies to every op). */
function parseSweep(value: unknown, at: string): SweepSetting[] {
  if (Array.isArray(value)) {
    return value.map((entry, i) => {
      const where = `${at}[${i}]`;
      const raw = object(entry, where, 'an object { ops?, dtypes?, attributes?, kind, reason }');
      onlyKeys(raw, SWEEP_KEYS, where);
      if (!SWEEP_KINDS.includes(raw.kind as SweepKind)) throw profileError(`${where} "kind"`, `must be one of ${SWEEP_KINDS.join(', ')}; got ${shown(raw.kind)}`);
      const scope = parseScope(raw, where);
      if (scope.attributes) checkAttributeNames(scope, scope.ops ?? [], where);
      return { ...scope, kind: raw.kind as SweepKind, reason: reason(raw.reason, where, 'narrower sweep') };
    });
  }
  const raw = object(value, at, 'an array of { ops?, dtypes?, kind, reason } (or an object of dtype -> kind)');
  return Object.entries(raw).map(([dtype, kind]) => {
    if (!isDType(dtype)) throw profileError(at, `key "${dtype}" is not a dtype (${DTYPES.join(', ')})`);
    if (!SWEEP_KINDS.includes(kind as SweepKind)) throw profileError(`${at}.${dtype}`, `must be one of ${SWEEP_KINDS.join(', ')}; got ${shown(kind)}`);
    return { dtypes: [dtype], kind: kind as SweepKind, reason: `the profile's "sweep" object sets ${dtype} to ${kind as string}` };
  });
}

function parseUnsupported(value: unknown, at: string): UnsupportedSetting[] {
  if (!Array.isArray(value)) throw profileError(at, `must be an array of { ops, dtypes?, attributes, reason }; got ${shown(value)}`);
  return value.map((entry, i) => {
    const where = `${at}[${i}]`;
    const raw = object(entry, where, 'an object { ops, dtypes?, attributes, reason }');
    onlyKeys(raw, UNSUPPORTED_KEYS, where);
    if (raw.ops === undefined || raw.attributes === undefined) throw profileError(where, 'needs "ops" and "attributes": the attribute values the subject cannot compute');
    const scope = parseScope(raw, where);
    checkAttributeNames(scope, scope.ops!, where);
    for (const op of scope.ops!) {
      if (opInScope(scope, { op, attributes: OPS[op].defaults, dtype: scope.dtypes?.[0] ?? OPS[op].dtypes[0]! })) {
        throw profileError(`${where} "attributes"`, `includes ${op}'s defaults, which the sweeps run at: a subject that cannot run them cannot be checked`);
      }
    }
    return { ...scope, reason: reason(raw.reason, where, 'unsupported attribute values') };
  });
}

function parseUnavailable(value: unknown, at: string): UnavailableSetting[] {
  if (!Array.isArray(value)) throw profileError(at, `must be an array of { environments?, engines?, tiers?, reason }; got ${shown(value)}`);
  return value.map((entry, i) => {
    const where = `${at}[${i}]`;
    const raw = object(entry, where, 'an object { environments?, engines?, tiers?, reason }');
    onlyKeys(raw, UNAVAILABLE_KEYS, where);
    const scope = parseScope(raw, where);
    if (Object.keys(scope).length === 0) throw profileError(where, 'needs "environments", "engines" or "tiers": where the subject cannot run');
    return { ...scope, reason: reason(raw.reason, where, 'missing environment') };
  });
}

function kindList(value: unknown, at: string): EnvironmentKind[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => ENVIRONMENT_KINDS.includes(v as EnvironmentKind))) {
    throw profileError(at, `must be a non-empty array of ${ENVIRONMENT_KINDS.map((k) => `"${k}"`).join(', ')}; got ${shown(value)}`);
  }
  return [...new Set(value as EnvironmentKind[])];
}

function tierList(value: unknown, at: string): Tier[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => TIER_NAMES.includes(v as Tier))) {
    throw profileError(at, `must be a non-empty array of ${TIER_NAMES.map((k) => `"${k}"`).join(', ')}; got ${shown(value)}`);
  }
  return [...new Set(value as Tier[])];
}

function parseBench(value: unknown, at: string): BenchLimits {
  const raw = object(value, at, 'an object { "maxElements": <integer>, "reason": "<why>" }');
  onlyKeys(raw, ['maxElements', 'reason'], at);
  if (typeof raw.maxElements !== 'number' || !Number.isSafeInteger(raw.maxElements) || raw.maxElements < 1) {
    throw profileError(`${at} "maxElements"`, `must be a positive integer; got ${shown(raw.maxElements)}`);
  }
  return { maxElements: raw.maxElements, reason: reason(raw.reason, at, 'size limit') };
}

/** Validates one profile object (from profiles.json or a user's file) and returns it normalized. */
export function parseProfile(value: unknown, where: string): SubjectProfile {
  const p = object(value, `profile ${where}`, 'an object');
  if (typeof p.name !== 'string' || p.name === '') throw profileError(`profile ${where} "name"`, `must be a non-empty string; got ${shown(p.name)}`);
  const at = `profile ${where} (${p.name})`;
  onlyKeys(p, PROFILE_KEYS, at);
  if (typeof p.description !== 'string') throw profileError(`${at} "description"`, `must be a string; got ${shown(p.description)}`);
  if (p.environment !== 'node' && p.environment !== 'browser') throw profileError(`${at} "environment"`, `must be "node" or "browser"; got ${shown(p.environment)}`);
  if (p.gpu !== undefined && p.gpu !== 'webgl' && p.gpu !== 'webgpu') throw profileError(`${at} "gpu"`, `must be "webgl" or "webgpu" (the GPU API the subject computes on); got ${shown(p.gpu)}`);
  if (typeof p.adapter !== 'string' || p.adapter === '') throw profileError(`${at} "adapter"`, `must be a non-empty string; got ${shown(p.adapter)}`);
  if (p.mode !== 'reference' && p.mode !== 'raw' && p.mode !== 'canonical') throw profileError(`${at} "mode"`, `must be "reference", "raw" or "canonical"; got ${shown(p.mode)}`);
  if (p.peer !== undefined && typeof p.peer !== 'boolean') throw profileError(`${at} "peer"`, `must be a boolean; got ${shown(p.peer)}`);
  if (!Array.isArray(p.deviations)) throw profileError(`${at} "deviations"`, `must be an array (empty when the subject claims full conformance); got ${shown(p.deviations)}`);
  const deviations = p.deviations.map((d, i) => parseDeviation(d, `${at} deviations[${i}]`));
  if (p.mode !== 'raw' && deviations.length > 0) throw profileError(`${at} "deviations"`, `a ${p.mode} subject declares no deviations; it must match SPEC.md exactly`);
  let exclusions: Exclusion[] | undefined;
  if (p.exclusions !== undefined) {
    if (!Array.isArray(p.exclusions)) throw profileError(`${at} "exclusions"`, `must be an array; got ${shown(p.exclusions)}`);
    exclusions = p.exclusions.map((e, i) => {
      const ex = object(e, `${at} exclusions[${i}]`, 'an object { test, reason }');
      onlyKeys(ex, ['test', 'reason'], `${at} exclusions[${i}]`);
      if (!EXCLUDABLE.includes(ex.test as Exclusion['test'])) throw profileError(`${at} exclusions[${i}] "test"`, `must be one of ${EXCLUDABLE.join(', ')}; got ${shown(ex.test)}`);
      return { test: ex.test as Exclusion['test'], reason: reason(ex.reason, `${at} exclusions[${i}]`, 'exclusion') };
    });
  }
  return {
    name: p.name,
    description: p.description,
    environment: p.environment,
    environments: p.environments !== undefined ? kindList(p.environments, `${at} "environments"`) : [p.environment === 'node' ? 'runtime' : 'browser'],
    tiers: p.tiers !== undefined ? tierList(p.tiers, `${at} "tiers"`) : ['optimized'],
    ...(p.gpu !== undefined ? { gpu: p.gpu } : {}),
    adapter: p.adapter,
    ...(p.options !== undefined ? { options: p.options } : {}),
    mode: p.mode,
    ...(p.peer !== undefined ? { peer: p.peer } : {}),
    ...(p.sweep !== undefined ? { sweep: parseSweep(p.sweep, `${at} "sweep"`) } : {}),
    ...(p.bench !== undefined ? { bench: parseBench(p.bench, `${at} "bench"`) } : {}),
    deviations,
    ...(p.unsupported !== undefined ? { unsupported: parseUnsupported(p.unsupported, `${at} "unsupported"`) } : {}),
    ...(p.unavailable !== undefined ? { unavailable: parseUnavailable(p.unavailable, `${at} "unavailable"`) } : {}),
    ...(exclusions ? { exclusions } : {}),
    source: where,
  };
}

export function parseProfiles(value: unknown, where: string): SubjectProfile[] {
  const list = (value as { subjects?: unknown } | null)?.subjects;
  if (!Array.isArray(list)) throw profileError(where, `must be an object { "subjects": [ ...profiles ] }; got ${shown(value)?.slice(0, 80)}`);
  const profiles = list.map((p, i) => parseProfile(p, `${where} subjects[${i}]`));
  const names = new Set<string>();
  for (const p of profiles) {
    if (names.has(p.name)) throw profileError(where, `subject name "${p.name}" appears twice`);
    names.add(p.name);
  }
  return profiles;
}

/** The profile's deviations that apply to one row, in profile order. */
export function deviationsFor(profile: SubjectProfile, context: RowContext): Deviation[] {
  return profile.deviations.filter((d) => inScope(d, context));
}

const narrower = (a: SweepKind, b: SweepKind): SweepKind => (SWEEP_KINDS.indexOf(b) > SWEEP_KINDS.indexOf(a) ? b : a);

/**
 * The row's plan: the requested kind, narrowed by the place's narrowing (the suite's plan,
 * unless the row is exempt: under the CI plan by its `keeps`, otherwise by a profile setting of
 * kind "exhaustive" in scope) and by the profile's narrower settings in scope.
 */
export function sweepKindFor(profile: SubjectProfile, context: RowContext, requested: SweepKind, narrowing?: Narrowing): SweepKind {
  const settings = (profile.sweep ?? []).filter((s) => inScope(s, context));
  let kind = requested;
  const exempt = narrowing?.strict ? keeps(narrowing, profile.name, context) : settings.some((s) => s.kind === 'exhaustive');
  if (narrowing && !exempt) kind = narrower(kind, narrowing.kind);
  for (const setting of settings) kind = narrower(kind, setting.kind);
  return kind;
}

/** The profile's unsupported setting that covers the row (its attributes), if any. */
export function unsupportedFor(profile: SubjectProfile, context: RowContext): UnsupportedSetting | undefined {
  return profile.unsupported?.find((u) => inScope(u, context));
}

/** Why the subject does not run in `where` (a kind, tier or declared unavailability), or undefined when it runs there. */
export function whyNotIn(profile: SubjectProfile, kind: EnvironmentKind, where: Omit<Where, 'gpu'>): string | undefined {
  if (!profile.environments.includes(kind)) return `runs in ${profile.environments.map((k) => `${k}s`).join(' and ')} only`;
  if (!profile.tiers.includes(where.tier)) return `is checked in the ${profile.tiers.join(' and ')} tier${profile.tiers.length > 1 ? 's' : ''} only`;
  const unavailable = profile.unavailable?.find((u) => placeInScope(u, { ...where, gpu: 'none' }));
  return unavailable ? `cannot run here: ${unavailable.reason}` : undefined;
}

export function isExcluded(profile: SubjectProfile, test: Exclusion['test']): Exclusion | undefined {
  return profile.exclusions?.find((e) => e.test === test);
}
