import type { EngineFamily, Tier } from '@relu/browser-harness';
import { type Attributes, DTYPES, type DType, OP_NAMES, type OpName } from '@relu/core';
import { profileError, shown } from './profile-error.js';

export type { EngineFamily, Tier };

/**
 * What one row of the matrix is about, and the one place where a deviation's or a sweep
 * setting's scope is matched against it. A scope is a set of optional keys; an absent key
 * matches every row. A row is an op context (op, attributes, dtype) in one place (environment,
 * engine, tier, GPU stack): a new key is one field in RowContext, one in Scope, one entry in
 * SCOPE_KEYS.
 */
// Values here, types from the harness: this module runs in pages too, where the harness's Node side cannot load.
export const ENGINE_FAMILIES: readonly EngineFamily[] = ['V8', 'JavaScriptCore', 'SpiderMonkey'];
export const TIER_NAMES: readonly Tier[] = ['optimized', 'cold'];

/** The array type a row's inputs and outputs travel in, where it is not the dtype's usual one. */
export type ArrayForm = 'Float16Array';
export const ARRAY_FORMS: readonly ArrayForm[] = ['Float16Array'];

/** Where a row ran: the same for every row of one environment, except the GPU stack (per subject's API). */
export interface Where {
  /** The environment's name, as --runtimes selects it: 'node20', 'bun', 'firefox'... */
  readonly environment: string;
  readonly engine: EngineFamily;
  /** The engine's version where the environment tells it ('12.4.254.21-node.57'), else the browser's. */
  readonly engineVersion: string;
  readonly tier: Tier;
  /** The GPU stack the subject computed on ('SwiftShader', 'llvmpipe'...), 'none' for a CPU subject. */
  readonly gpu: string;
}

/** The facts of one environment that rows read: Where, with the GPU stack of each API instead of one. */
export interface Place extends Omit<Where, 'gpu'> {
  /** The stack of each GPU API the environment has ('SwiftShader'...); absent when it has none. */
  readonly gpus: Readonly<Partial<Record<'webgl' | 'webgpu', string>>>;
}

/** Where a subject computing on `gpu` (or on the CPU) runs in `place`. */
export function whereIn(place: Place, gpu: 'webgl' | 'webgpu' | undefined): Where {
  const { gpus, ...rest } = place;
  return { ...rest, gpu: gpu === undefined ? 'none' : (gpus[gpu] ?? `no ${gpu}`) };
}

export interface OpContext {
  readonly op: OpName;
  /** The op's attributes with every default filled in ({} for ops without attributes). */
  readonly attributes: Attributes;
  readonly dtype: DType;
  /** Set when the row's arrays are not the dtype's usual kind (float16 as real Float16Arrays). */
  readonly array?: ArrayForm;
}

export interface RowContext extends OpContext, Where {}

/** Attribute values a scope accepts: any of a list, or an inclusive range. */
export type AttributeMatch = readonly number[] | { readonly min?: number; readonly max?: number };

export interface Scope {
  readonly ops?: readonly OpName[];
  readonly dtypes?: readonly DType[];
  readonly attributes?: Readonly<Record<string, AttributeMatch>>;
  /** Environment names ('node26', 'firefox'); profiles are checked against the known ones when loaded. */
  readonly environments?: readonly string[];
  readonly engines?: readonly EngineFamily[];
  readonly tiers?: readonly Tier[];
  /** GPU stack names, as gpuStackName() gives them ('SwiftShader', 'llvmpipe', 'lavapipe'...). */
  readonly gpus?: readonly string[];
  /** Array forms; a row without one (the dtype's usual arrays) matches "default". */
  readonly arrays?: readonly (ArrayForm | 'default')[];
}

interface ScopeKey<V> {
  /** Validates the key's value in a profile (a TypeError naming `at` otherwise). */
  parse(value: unknown, at: string): V;
  matches(value: V, context: RowContext): boolean;
}

function nameList<N extends string>(known: readonly N[]) {
  return (value: unknown, at: string): readonly N[] => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => known.includes(v as N))) {
      throw profileError(at, `must be a non-empty array of ${known.map((n) => `"${n}"`).join(', ')}; got ${shown(value)}`);
    }
    return value as N[];
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/;

function names(value: unknown, at: string): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && NAME.test(v))) {
    throw profileError(at, `must be a non-empty array of names; got ${shown(value)}`);
  }
  return value as string[];
}

function parseAttributeMatches(value: unknown, at: string): Readonly<Record<string, AttributeMatch>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw profileError(at, `must be an object of attribute name -> [values] or { "min", "max" }; got ${shown(value)}`);
  for (const [name, match] of Object.entries(value)) {
    const where = `${at}.${name}`;
    if (Array.isArray(match)) {
      if (match.length === 0 || !match.every((v) => typeof v === 'number' && Number.isFinite(v))) throw profileError(where, `must be a non-empty array of finite numbers; got ${shown(match)}`);
    } else if (match !== null && typeof match === 'object') {
      const { min, max, ...rest } = match as Record<string, unknown>;
      if (Object.keys(rest).length > 0) throw profileError(where, `a range has only "min" and "max"; got ${shown(Object.keys(rest))}`);
      if (min === undefined && max === undefined) throw profileError(where, 'a range needs "min", "max" or both');
      for (const [key, bound] of [['min', min], ['max', max]] as const) {
        if (bound !== undefined && (typeof bound !== 'number' || !Number.isFinite(bound))) throw profileError(`${where}.${key}`, `must be a finite number; got ${shown(bound)}`);
      }
    } else {
      throw profileError(where, `must be an array of values or a { "min", "max" } range; got ${shown(match)}`);
    }
  }
  return value as Record<string, AttributeMatch>;
}

function attributeMatches(match: AttributeMatch, value: number | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(match)) return match.includes(value);
  const { min, max } = match as { min?: number; max?: number };
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

const SCOPE_KEYS: { readonly [K in keyof Scope]-?: ScopeKey<NonNullable<Scope[K]>> } = {
  ops: { parse: nameList(OP_NAMES), matches: (ops, context) => ops.includes(context.op) },
  dtypes: { parse: nameList(DTYPES), matches: (dtypes, context) => dtypes.includes(context.dtype) },
  attributes: {
    parse: parseAttributeMatches,
    matches: (wanted, context) => Object.entries(wanted).every(([name, match]) => attributeMatches(match, context.attributes[name])),
  },
  environments: { parse: names, matches: (environments, context) => environments.includes(context.environment) },
  engines: { parse: nameList(ENGINE_FAMILIES), matches: (engines, context) => engines.includes(context.engine) },
  tiers: { parse: nameList(TIER_NAMES), matches: (tiers, context) => tiers.includes(context.tier) },
  gpus: { parse: names, matches: (gpus, context) => gpus.includes(context.gpu) },
  arrays: { parse: nameList([...ARRAY_FORMS, 'default'] as const), matches: (arrays, context) => arrays.includes(context.array ?? 'default') },
};

export const SCOPE_KEY_NAMES = Object.keys(SCOPE_KEYS) as (keyof Scope)[];

/**
 * True when every key the scope sets accepts the row. A place without an op (where a subject
 * runs at all) is matched by the place keys alone.
 */
export function inScope(scope: Scope, context: RowContext): boolean {
  for (const key of SCOPE_KEY_NAMES) {
    const value = scope[key];
    if (value !== undefined && !(SCOPE_KEYS[key].matches as (v: unknown, c: RowContext) => boolean)(value, context)) return false;
  }
  return true;
}

/** The scope keys of a profile object (`raw`), validated; keys it does not set stay absent. */
export function parseScope(raw: Readonly<Record<string, unknown>>, at: string): Scope {
  const scope: Record<string, unknown> = {};
  for (const key of SCOPE_KEY_NAMES) if (raw[key] !== undefined) scope[key] = SCOPE_KEYS[key].parse(raw[key], `${at} "${key}"`);
  return scope as Scope;
}

/** The keys of a scope that name places, not op contexts. */
const PLACE_KEYS: readonly (keyof Scope)[] = ['environments', 'engines', 'tiers', 'gpus'];

/** True when every place key the scope sets accepts `where` (op keys are ignored): where a subject runs at all. */
export function placeInScope(scope: Scope, where: Where): boolean {
  for (const key of PLACE_KEYS) {
    const value = scope[key];
    if (value !== undefined && !(SCOPE_KEYS[key].matches as (v: unknown, c: Where) => boolean)(value, where)) return false;
  }
  return true;
}

/** True when every op key the scope sets (ops, dtypes, attributes, arrays) accepts the op context; place keys are ignored. */
export function opInScope(scope: Scope, context: OpContext): boolean {
  for (const key of SCOPE_KEY_NAMES) {
    const value = scope[key];
    if (PLACE_KEYS.includes(key) || value === undefined) continue;
    if (!(SCOPE_KEYS[key].matches as (v: unknown, c: OpContext) => boolean)(value, context)) return false;
  }
  return true;
}

/** An op context as one line: 'leakyRelu {alpha: 0.01} float32', '... float16 (Float16Array)'. */
export function describeContext(context: OpContext): string {
  const attributes = Object.entries(context.attributes);
  return `${context.op}${attributes.length > 0 ? ` {${attributes.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : ''} ${context.dtype}${context.array ? ` (${context.array})` : ''}`;
}

/** A place as one line: 'node22 optimized', 'firefox cold, WebGPU lavapipe'. */
export function describeWhere(where: Where): string {
  return `${where.environment} ${where.tier}${where.gpu !== 'none' ? `, GPU ${where.gpu}` : ''}`;
}

/** The row context of an op context in a place. */
export function rowContext(op: OpContext, where: Where): RowContext {
  return { ...op, ...where };
}
