import { type DType, DTYPES, isDType } from './dtype.js';
import { argumentRangeError, argumentTypeError, describeValue } from './errors.js';
import { type ArrayKind, arrayKindOf, bufferOf, byteLengthOf, byteOffsetOf, isReadable, lengthOf, typedArrayName, typedArrayTag, unreadableReason } from './typed-arrays.js';

/**
 * The argument checks of every public function and of the backend contract, one copy: options
 * bags, dtype names, typed arrays identified by their internal slots (typed-arrays.ts), number[]
 * read once, bigints in the int64 range. Each throws a TypeError or RangeError naming the function,
 * the argument, what was expected and what was given.
 */

const DTYPE_LIST = DTYPES.map((d) => `'${d}'`).join(' | ');

export const ACCEPTED =
  'a number, a bigint, a number[], or a Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, ' +
  "BigInt64Array, Float16Array, or a Uint16Array of 16-bit float bits with options.dtype 'float16' or 'bfloat16'";

/** What backends' run() (and their own entry points) accept: typed arrays only. */
export const TYPED_ACCEPTED =
  "a typed array: a Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, BigInt64Array, Float16Array, or a Uint16Array of 16-bit float bits with options.dtype 'float16' or 'bfloat16'";

const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Validates an options bag: undefined, or an object (not an array) whose enumerable keys, own or
 * inherited (the ones a property read would see), are all known. `argument` names it in messages.
 */
export function checkOptions<K extends string>(fn: string, options: unknown, known: readonly K[], argument = 'options'): Partial<Record<K, unknown>> {
  if (options === undefined) return NO_OPTIONS as unknown as Partial<Record<K, unknown>>;
  // The messages out of line: this runs on every call with options, and a small body is inlined.
  if (!isOptionsObject(options)) throw optionsError(fn, argument, known, options);
  for (const key in options) if (!isKnown(known, key)) throw optionsError(fn, argument, known, options);
  return options as Partial<Record<K, unknown>>;
}

export function isOptionsObject(options: unknown): options is object {
  return options !== null && typeof options === 'object' && !Array.isArray(options);
}

export function optionsError(fn: string, argument: string, known: readonly string[], options: unknown): TypeError {
  if (!isOptionsObject(options)) {
    return argumentTypeError(fn, argument, `undefined or an object with ${known.length > 0 ? `keys ${known.join(', ')}` : 'no keys'}`, options);
  }
  const knownList = known.length > 0 ? `the known keys are ${known.join(', ')}` : 'it takes none';
  for (const key in options) if (!isKnown(known, key)) return new TypeError(`${fn}: ${argument} has an unknown key ${JSON.stringify(key)}; ${knownList}`);
  return new TypeError(`${fn}: ${argument} showed an unknown key once and not when read again (a Proxy?); ${knownList}`);
}

/** `known.includes(key)`, as a loop V8 inlines: this runs on every call with options. */
function isKnown(known: readonly string[], key: string): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] === key) return true;
  return false;
}

/** Validates options.dtype: undefined, or one of the DType strings. */
export function checkDTypeOption(fn: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  if (typeof dtype === 'string' && isDType(dtype)) return dtype;
  throw notADType(fn, dtype);
}

function notADType(fn: string, dtype: unknown): Error {
  if (typeof dtype !== 'string') return argumentTypeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, dtype);
  return argumentRangeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, JSON.stringify(dtype));
}

/** The dtype a typed array of `kind` holds given options.dtype, or a TypeError naming `name`. */
export function typedArrayDType(fn: string, name: string, kind: ArrayKind, dtype: DType | undefined, accepted = ACCEPTED): DType {
  const own = kind.dtype;
  if (own !== undefined && (dtype === undefined || dtype === own)) return own;
  // Every other case apart, so that this stays small enough to be inlined into each call's checks.
  return uint16DTypeOrThrow(fn, name, kind, dtype, accepted);
}

function uint16DTypeOrThrow(fn: string, name: string, kind: ArrayKind, dtype: DType | undefined, accepted: string): DType {
  if (kind.name === 'Uint16Array') {
    if (dtype === 'float16' || dtype === 'bfloat16') return dtype;
    if (dtype === undefined) {
      throw new TypeError(`${fn}: ${name} is a Uint16Array, which holds 16-bit float bits only with options.dtype 'float16' or 'bfloat16'; got no options.dtype`);
    }
    throw argumentTypeError(fn, 'options.dtype', `'float16' or 'bfloat16' for a Uint16Array ${name}`, dtype);
  }
  const own = kind.dtype;
  if (own === undefined) throw new TypeError(`${fn}: ${name} must be ${accepted}; got a ${kind.name}${kind.rejection ? ` (${kind.rejection})` : ''}`);
  throw new TypeError(`${fn}: options.dtype ${JSON.stringify(dtype)} does not match ${name}, a ${kind.name} that holds '${own}'`);
}

/**
 * A typed array must say what it is: its `Symbol.toStringTag`, as any property read sees it
 * (the caller's own getter or a subclass's override included), must be the name in its internal
 * slot. An Int32Array whose tag claims `Float32Array` would otherwise be computed as the int32 it
 * is and handed back to a caller who believes it holds floats: a silently wrong answer, so it is a
 * TypeError naming the argument. Read once, before the length is: a getter that detaches or
 * shrinks the buffer is then seen by the length check.
 */
export function checkClaimedKind(fn: string, name: string, value: ArrayBufferView, kind: ArrayKind): void {
  if (!claimsItsKind(value, kind)) throw claimError(fn, name, value, kind);
}

/** Whether `value`'s Symbol.toStringTag, read as any property read sees it, is its kind's name; false when the getter throws. */
export function claimsItsKind(value: ArrayBufferView, kind: ArrayKind): boolean {
  try {
    return (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === kind.name;
  } catch {
    return false;
  }
}

/** The message of a failed claim; the tag is read once more to say what it was. */
export function claimError(fn: string, name: string, value: ArrayBufferView, kind: ArrayKind): TypeError {
  let claimed: unknown;
  try {
    claimed = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  } catch (error) {
    return new TypeError(`${fn}: ${name} is a ${kind.name} whose Symbol.toStringTag getter threw (${(error as Error)?.message ?? String(error)})`, { cause: error });
  }
  if (claimed === kind.name) return new TypeError(`${fn}: ${name} is a ${kind.name} whose Symbol.toStringTag getter gives a different answer on each read`);
  return new TypeError(`${fn}: ${name} must be a typed array that says what it is; got a ${kind.name} whose Symbol.toStringTag claims ${describeValue(claimed)}`);
}

/** What checking one typed-array argument learns, from its internal slots: its kind, the dtype it holds, its length. */
export interface CheckedArray {
  readonly kind: ArrayKind;
  readonly dtype: DType;
  readonly length: number;
}

/**
 * The checks of one typed-array argument, for a backend's entry points other than run() (copying
 * an array into its own memory, say): `value` must be a typed array of a ReLU dtype that says what
 * it is and can be read; `dtype` is the caller's options.dtype (required for a Uint16Array, else
 * it must match). Returns the kind, dtype and length from the internal slots: read x through
 * `intrinsicView(kind, x, length)`, never through its own `length` or `buffer`.
 */
export function checkTypedArray(fn: string, name: string, value: unknown, dtype?: unknown): CheckedArray {
  const kind = arrayKindOf(value);
  if (kind === undefined) throw argumentTypeError(fn, name, TYPED_ACCEPTED, value);
  const held = typedArrayDType(fn, name, kind, checkDTypeOption(fn, dtype), TYPED_ACCEPTED);
  checkClaimedKind(fn, name, value as ArrayBufferView, kind);
  return { kind, dtype: held, length: readableLength(fn, name, value as ArrayBufferView) };
}

/** The length of a typed array that can be read, or a TypeError naming `name` (detached, or out of bounds of a shrunk resizable buffer). */
export function readableLength(fn: string, name: string, view: ArrayBufferView): number {
  const length = lengthOf(view);
  if (length === 0) checkReadable(fn, name, view);
  return length;
}

function checkReadable(fn: string, name: string, view: ArrayBufferView): void {
  if (!isReadable(view)) throw unreadable(fn, name, view);
}

function unreadable(fn: string, name: string, view: ArrayBufferView): TypeError {
  return new TypeError(`${fn}: ${name} must be backed by a live ArrayBuffer; got a ${typedArrayName(view)} ${unreadableReason(view)}`);
}

/**
 * Checks an array that stands beside x (options.out, dy): the same kind and length, readable.
 * Returns nothing; the caller already holds x's kind and length.
 */
export function checkCompanion(fn: string, name: string, value: unknown, kind: ArrayKind, length: number, likeName: string): void {
  if (!isCompanion(value, kind, length)) throw companionError(fn, name, value, kind, length, likeName);
}

/** checkCompanion's test, in checkCompanion's order: the claim is read before the length, so a getter that shrinks the buffer is seen. */
export function isCompanion(value: unknown, kind: ArrayKind, length: number): boolean {
  return typedArrayTag(value) === kind.name && claimsItsKind(value as ArrayBufferView, kind) && lengthOf(value as ArrayBufferView) === length && (length !== 0 || isReadable(value as ArrayBufferView));
}

export function companionError(fn: string, name: string, value: unknown, kind: ArrayKind, length: number, likeName: string): Error {
  if (typedArrayTag(value) !== kind.name) return argumentTypeError(fn, name, `a ${kind.name} like ${likeName}`, value);
  if (!claimsItsKind(value as ArrayBufferView, kind)) return claimError(fn, name, value as ArrayBufferView, kind);
  if (!isReadable(value as ArrayBufferView)) return unreadable(fn, name, value as ArrayBufferView);
  const actual = lengthOf(value as ArrayBufferView);
  if (actual !== length) return argumentRangeError(fn, `${name}.length`, `${length}, the length of ${likeName}`, String(actual));
  // Every test passes on this second reading, so the claim failed on the first: a getter whose answer changes.
  return claimError(fn, name, value as ArrayBufferView, kind);
}

/** Checks a number[] companion (options.out, or dy's length) of a number[] x. */
export function checkNumberArrayCompanion(fn: string, name: string, value: unknown, length: number, likeName: string): number[] {
  if (!Array.isArray(value)) throw argumentTypeError(fn, name, `an Array like ${likeName}`, value);
  if (value.length !== length) throw argumentRangeError(fn, `${name}.length`, `${length}, the length of ${likeName}`, String(value.length));
  return value;
}

/**
 * The numbers of a number[] copied into a new Float64Array, each element read exactly once: a
 * getter or Proxy cannot pass the check and then give the kernel something else.
 */
export function readNumbers(fn: string, name: string, value: readonly unknown[]): Float64Array {
  const length = value.length;
  if (!Number.isSafeInteger(length) || length < 0) throw argumentTypeError(fn, `${name}.length`, 'an array length', length);
  const copy = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const element = value[i];
    if (typeof element !== 'number') throw new TypeError(`${fn}: ${name} must be an array of numbers only; ${name}[${i}] is ${describeValue(element)}`);
    copy[i] = element;
  }
  return copy;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A bigint in the int64 range (the dtype bigints stand for), or a RangeError naming `name`. */
export function checkInt64(fn: string, name: string, value: bigint): bigint {
  if (value < INT64_MIN || value > INT64_MAX) throw argumentRangeError(fn, name, 'an int64, from -(2n ** 63n) to 2n ** 63n - 1n', `${value}n`);
  return value;
}

/**
 * True when two views share bytes but do not start at the same byte: an elementwise kernel
 * writing one while reading the other would read values it has already overwritten.
 */
export function overlapsPartially(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (bufferOf(a) !== bufferOf(b)) return false;
  const [aStart, bStart] = [byteOffsetOf(a), byteOffsetOf(b)];
  return aStart !== bStart && aStart < bStart + byteLengthOf(b) && bStart < aStart + byteLengthOf(a);
}
