import { type Attributes, DTYPES, type DType, OP_NAMES, type OpName } from '@relu/core';
import { profileError, shown } from './profile-error.js';

/**
 * What one row of the matrix is about, and the one place where a deviation's or a sweep
 * setting's scope is matched against it. A scope is a set of optional keys; an absent key
 * matches every row. Issue 9 adds runtime, engine, tier and GPU stack: one field in RowContext,
 * one in Scope, one entry in SCOPE_KEYS.
 */
export interface RowContext {
  readonly op: OpName;
  /** The op's attributes with every default filled in ({} for ops without attributes). */
  readonly attributes: Attributes;
  readonly dtype: DType;
}

/** Attribute values a scope accepts: any of a list, or an inclusive range. */
export type AttributeMatch = readonly number[] | { readonly min?: number; readonly max?: number };

export interface Scope {
  readonly ops?: readonly OpName[];
  readonly dtypes?: readonly DType[];
  readonly attributes?: Readonly<Record<string, AttributeMatch>>;
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
};

export const SCOPE_KEY_NAMES = Object.keys(SCOPE_KEYS) as (keyof Scope)[];

/** True when every key the scope sets accepts the row. */
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

/** A row's context as one line: 'leakyRelu {alpha: 0.01} float32'. */
export function describeContext(context: RowContext): string {
  const attributes = Object.entries(context.attributes);
  return `${context.op}${attributes.length > 0 ? ` {${attributes.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : ''} ${context.dtype}`;
}
