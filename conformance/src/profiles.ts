import { type DType, DTYPES, isDType } from '@relu/core';
import { FLOAT_CLASSES, INT_CLASSES, type InputClass } from './input-classes.js';
import type { SweepKind } from './sweep-plans.js';

/**
 * A subject's profile: how to create it and the deviations from SPEC.md it declares, as data
 * (profiles.json or a user's own file). The suite holds each subject to exactly its profile.
 */
export type DeviationOutcome = 'input' | '+0' | '-0' | 'NaN' | 'nearest-float32';

export interface Deviation {
  /** The dtypes the deviation applies to. */
  readonly dtypes: readonly DType[];
  /** The input class that deviates. */
  readonly class: InputClass;
  /**
   * What the subject returns instead: the input unchanged, +0, -0, a NaN, or (integers) the
   * input rounded to the nearest float32 (converted back by wrapping or saturating at 2^31), as
   * runtimes that compute integers in float32 do.
   */
  readonly becomes: DeviationOutcome;
  readonly reason: string;
}

/** A test of the shared suite a subject is excused from, with the reason. */
export interface Exclusion {
  readonly test: 'use-after-dispose';
  readonly reason: string;
}

export interface SubjectProfile {
  readonly name: string;
  readonly description: string;
  /** Where the adapter runs: 'node', or 'browser' (headless Chromium). */
  readonly environment: 'node' | 'browser';
  /** Adapter file under src/subjects/<environment>/, without extension. */
  readonly adapter: string;
  /** Passed to the adapter's factory. */
  readonly options?: unknown;
  /** 'reference' (core, checked against the oracle), 'raw' runtime output, or 'canonical' (repaired to SPEC.md). */
  readonly mode: 'reference' | 'raw' | 'canonical';
  /** A runtime the suite measures but this repository does not own (tfjs). */
  readonly peer?: boolean;
  /** Sweep kind per dtype where the default does not fit (WebGL on a software rasteriser: stratified). */
  readonly sweep?: Readonly<Partial<Record<DType, SweepKind>>>;
  readonly deviations: readonly Deviation[];
  readonly exclusions?: readonly Exclusion[];
}

const KNOWN_KEYS = ['name', 'description', 'environment', 'adapter', 'options', 'mode', 'peer', 'sweep', 'deviations', 'exclusions'];
const OUTCOMES: readonly DeviationOutcome[] = ['input', '+0', '-0', 'NaN', 'nearest-float32'];
const SWEEP_KINDS: readonly SweepKind[] = ['exhaustive', 'stratified', 'quick'];

function fail(where: string, message: string): never {
  throw new TypeError(`profile ${where}: ${message}`);
}

/** Validates one profile object (from profiles.json or a user's file) and returns it typed. */
export function parseProfile(value: unknown, where: string): SubjectProfile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, `must be an object; got ${JSON.stringify(value)}`);
  const p = value as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!KNOWN_KEYS.includes(key)) fail(where, `unknown key "${key}"; known keys: ${KNOWN_KEYS.join(', ')}`);
  if (typeof p.name !== 'string' || p.name === '') fail(where, `"name" must be a non-empty string; got ${JSON.stringify(p.name)}`);
  const at = `${where} (${p.name})`;
  if (typeof p.description !== 'string') fail(at, '"description" must be a string');
  if (p.environment !== 'node' && p.environment !== 'browser') fail(at, `"environment" must be "node" or "browser"; got ${JSON.stringify(p.environment)}`);
  if (typeof p.adapter !== 'string') fail(at, '"adapter" must be a string');
  if (p.mode !== 'reference' && p.mode !== 'raw' && p.mode !== 'canonical') fail(at, `"mode" must be "reference", "raw" or "canonical"; got ${JSON.stringify(p.mode)}`);
  if (p.peer !== undefined && typeof p.peer !== 'boolean') fail(at, '"peer" must be a boolean');
  if (p.sweep !== undefined) {
    if (typeof p.sweep !== 'object' || p.sweep === null) fail(at, '"sweep" must be an object of dtype -> kind');
    for (const [dtype, kind] of Object.entries(p.sweep)) {
      if (!isDType(dtype)) fail(at, `"sweep" key "${dtype}" is not a dtype (${DTYPES.join(', ')})`);
      if (!SWEEP_KINDS.includes(kind as SweepKind)) fail(at, `"sweep.${dtype}" must be one of ${SWEEP_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
    }
  }
  if (!Array.isArray(p.deviations)) fail(at, '"deviations" must be an array (empty when the subject claims full conformance)');
  p.deviations.forEach((d: unknown, i: number) => {
    const dev = d as Record<string, unknown>;
    const di = `${at} deviations[${i}]`;
    if (!Array.isArray(dev.dtypes) || dev.dtypes.length === 0 || !dev.dtypes.every(isDType)) fail(di, `"dtypes" must be a non-empty array of ${DTYPES.join(', ')}`);
    const classes: readonly string[] = (dev.dtypes as DType[]).every((t) => t.startsWith('int')) ? INT_CLASSES : FLOAT_CLASSES;
    if (!classes.includes(dev.class as string)) fail(di, `"class" must be one of ${classes.join(', ')}; got ${JSON.stringify(dev.class)}`);
    if (!OUTCOMES.includes(dev.becomes as DeviationOutcome)) fail(di, `"becomes" must be one of ${OUTCOMES.join(', ')}; got ${JSON.stringify(dev.becomes)}`);
    if (typeof dev.reason !== 'string' || dev.reason.length < 10) fail(di, '"reason" must explain the deviation');
  });
  if (p.mode !== 'raw' && p.deviations.length > 0) fail(at, `a ${p.mode} subject declares no deviations; it must match SPEC.md exactly`);
  if (p.exclusions !== undefined) {
    if (!Array.isArray(p.exclusions)) fail(at, '"exclusions" must be an array');
    p.exclusions.forEach((e: unknown, i: number) => {
      const ex = e as Record<string, unknown>;
      if (ex.test !== 'use-after-dispose') fail(`${at} exclusions[${i}]`, `"test" must be "use-after-dispose"; got ${JSON.stringify(ex.test)}`);
      if (typeof ex.reason !== 'string' || ex.reason.length < 10) fail(`${at} exclusions[${i}]`, '"reason" must explain the exclusion');
    });
  }
  return value as SubjectProfile;
}

export function parseProfiles(value: unknown, where: string): SubjectProfile[] {
  const list = (value as { subjects?: unknown })?.subjects;
  if (!Array.isArray(list)) throw new TypeError(`${where}: must be an object { "subjects": [ ...profiles ] }`);
  const profiles = list.map((p, i) => parseProfile(p, `${where} subjects[${i}]`));
  const names = new Set<string>();
  for (const p of profiles) {
    if (names.has(p.name)) throw new TypeError(`${where}: subject name "${p.name}" appears twice`);
    names.add(p.name);
  }
  return profiles;
}

/** The declared outcome of each class for one dtype, indexed like classesOf(dtype). */
export function declaredOutcomes(profile: SubjectProfile, dtype: DType, classes: readonly InputClass[]): (Deviation | undefined)[] {
  return classes.map((c) => profile.deviations.find((d) => d.class === c && d.dtypes.includes(dtype)));
}

export function isExcluded(profile: SubjectProfile, test: Exclusion['test']): Exclusion | undefined {
  return profile.exclusions?.find((e) => e.test === test);
}
