import type { DType, ReluTypedArray } from './dtype.js';

/**
 * What a typed array is, read from its internal slots, never from what it says about itself:
 * `Object.prototype.toString` follows `Symbol.toStringTag` (a Uint8Array can claim to be a
 * Float32Array), `.constructor`, `.length`, `.buffer` and `.set` can be overridden by a subclass
 * or an own property. The intrinsic %TypedArray%.prototype getters read [[TypedArrayName]],
 * [[ArrayLength]], [[ByteOffset]] and [[ViewedArrayBuffer]] and return undefined (the tag) for
 * anything that is not a typed array, a Proxy of one included. They are captured once, at load,
 * as plain functions (uncurried), so nothing a caller passes can replace them.
 */
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;

const uncurry = <A extends unknown[], R>(f: (this: unknown, ...args: A) => R): ((self: unknown, ...args: A) => R) =>
  Function.prototype.call.bind(f) as (self: unknown, ...args: A) => R;

function intrinsicGetter<R>(key: PropertyKey): (view: unknown) => R {
  const descriptor = Object.getOwnPropertyDescriptor(TypedArrayPrototype, key);
  return uncurry(descriptor!.get as (this: unknown) => R);
}

/** [[TypedArrayName]] ('Float32Array', ...), or undefined for anything that is not a typed array. */
export const typedArrayTag: (value: unknown) => string | undefined = intrinsicGetter(Symbol.toStringTag);
/** [[ArrayLength]]; 0 for a view whose buffer is detached or that is out of bounds of its resizable buffer. */
export const lengthOf: (view: ArrayBufferView) => number = intrinsicGetter('length');
export const byteOffsetOf: (view: ArrayBufferView) => number = intrinsicGetter('byteOffset');
export const byteLengthOf: (view: ArrayBufferView) => number = intrinsicGetter('byteLength');
export const bufferOf: (view: ArrayBufferView) => ArrayBufferLike = intrinsicGetter('buffer');
/** %TypedArray%.prototype.set: between arrays of one type it copies bytes, so NaN payloads survive. */
export const copyInto: (target: ArrayBufferView, source: ArrayBufferView) => void = uncurry(
  (TypedArrayPrototype as { set(this: unknown, source: ArrayBufferView): void }).set,
);
const at: (view: ArrayBufferView, index: number) => unknown = uncurry((TypedArrayPrototype as { at(this: unknown, index: number): unknown }).at);

/** One kind of typed array: its intrinsic constructor and what it holds. */
export interface ArrayKind {
  /** [[TypedArrayName]]. */
  readonly name: string;
  /** Position in the kind list, for per-kind tables indexed without a Map lookup. */
  readonly index: number;
  /** The dtype it holds by itself; undefined for a Uint16Array (16-bit float bits, options.dtype says which) and for kinds that are no ReLU array. */
  readonly dtype: DType | undefined;
  /** The intrinsic constructor: every array this package allocates for the kind comes from it, whatever the caller's subclass does. */
  readonly Constructor: { new (length: number): ReluTypedArray; new (buffer: ArrayBufferLike, byteOffset: number, length: number): ReluTypedArray };
  /** Why a kind is not accepted (the unsigned kinds); absent for accepted kinds. */
  readonly rejection?: string;
}

type AnyTypedArrayConstructor = ArrayKind['Constructor'];
const unsigned = (dtype: string) => `${dtype} is not a ReLU dtype (every unsigned value is its own ReLU)`;

const KIND_LIST: readonly ArrayKind[] = ([
  { name: 'Float32Array', dtype: 'float32', Constructor: Float32Array },
  { name: 'Float64Array', dtype: 'float64', Constructor: Float64Array },
  { name: 'Int8Array', dtype: 'int8', Constructor: Int8Array },
  { name: 'Int16Array', dtype: 'int16', Constructor: Int16Array },
  { name: 'Int32Array', dtype: 'int32', Constructor: Int32Array },
  { name: 'BigInt64Array', dtype: 'int64', Constructor: BigInt64Array as unknown as AnyTypedArrayConstructor },
  { name: 'Uint16Array', dtype: undefined, Constructor: Uint16Array },
  { name: 'Uint8Array', dtype: undefined, Constructor: Uint8Array as unknown as AnyTypedArrayConstructor, rejection: unsigned('uint8') },
  { name: 'Uint8ClampedArray', dtype: undefined, Constructor: Uint8ClampedArray as unknown as AnyTypedArrayConstructor, rejection: unsigned('uint8') },
  { name: 'Uint32Array', dtype: undefined, Constructor: Uint32Array as unknown as AnyTypedArrayConstructor, rejection: unsigned('uint32') },
  { name: 'BigUint64Array', dtype: undefined, Constructor: BigUint64Array as unknown as AnyTypedArrayConstructor, rejection: unsigned('uint64') },
  ...((globalThis as { Float16Array?: AnyTypedArrayConstructor }).Float16Array
    ? [{ name: 'Float16Array', dtype: 'float16' as const, Constructor: (globalThis as unknown as { Float16Array: AnyTypedArrayConstructor }).Float16Array }]
    : []),
] as Omit<ArrayKind, 'index'>[]).map((kind, index) => Object.freeze({ ...kind, index }));

/** How many kinds there are (per-kind tables have this many entries). */
export const KIND_COUNT = KIND_LIST.length;

const KINDS: ReadonlyMap<string, ArrayKind> = new Map(KIND_LIST.map((kind) => [kind.name, kind]));
const [FLOAT32, FLOAT64, INT32, UINT16] = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint16Array'].map((name) => KINDS.get(name)!);

// The kind of the previous call's array, kept aside: a program passes one kind many times in a row,
// and a compare against it keeps arrayKindOf small enough to be inlined into every call's checks.
let lastTag: string | undefined;
let lastKind: ArrayKind | undefined;

/** The kind of a typed array, or undefined for anything else (a DataView, a Proxy, an array-like, a number). */
export function arrayKindOf(value: unknown): ArrayKind | undefined {
  const tag = typedArrayTag(value);
  if (tag === lastTag && tag !== undefined) return lastKind;
  return kindOfTag(tag);
}

/** On a miss of the last kind: the common kinds by a string compare, where a Map lookup costs about as much as a one-element call's kernel (a program alternating two kinds misses on every call). */
function kindOfTag(tag: string | undefined): ArrayKind | undefined {
  let kind: ArrayKind | undefined;
  switch (tag) {
    case undefined:
      return undefined;
    case 'Float32Array':
      kind = FLOAT32;
      break;
    case 'Float64Array':
      kind = FLOAT64;
      break;
    case 'Int32Array':
      kind = INT32;
      break;
    case 'Uint16Array':
      kind = UINT16;
      break;
    default:
      kind = KINDS.get(tag);
  }
  lastTag = tag;
  lastKind = kind;
  return kind;
}

/**
 * Whether a view can be read: false when its buffer is detached or when it is out of bounds of a
 * resizable buffer that shrank. Both read as length 0 through the getters, so only a view of
 * length 0 needs this probe, which is %TypedArray%.prototype.at: it validates the view first.
 */
export function isReadable(view: ArrayBufferView): boolean {
  if (lengthOf(view) !== 0) return true;
  try {
    at(view, 0);
    return true;
  } catch {
    return false;
  }
}

/** Why a view is not readable, for messages: its buffer is detached, or it is out of bounds of its resizable buffer. */
export function unreadableReason(view: ArrayBufferView): string {
  const buffer = bufferOf(view) as ArrayBuffer & { detached?: boolean };
  const detached = typeof buffer.detached === 'boolean' ? buffer.detached : byteLengthOf(view) === 0 && isBufferDetached(buffer);
  return detached ? 'whose buffer is detached' : 'that is out of bounds of its resizable ArrayBuffer (the buffer shrank below the view)';
}

function isBufferDetached(buffer: ArrayBufferLike): boolean {
  // Node 20 has no ArrayBuffer.prototype.detached; a view cannot be made on a detached buffer.
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * A typed array's type name from its internal slot ('Float32Array'), which holds for subclasses
 * and across realms and cannot be spoofed with Symbol.toStringTag; 'DataView' for a DataView and
 * 'not a typed array' for anything else.
 */
export function typedArrayName(view: ArrayBufferView): string {
  const tag = typedArrayTag(view);
  if (tag !== undefined) return tag;
  return isDataView(view) ? 'DataView' : 'not a typed array';
}

/** ArrayBuffer.isView reads the [[ViewedArrayBuffer]] slot: true for typed arrays and DataViews only. */
const isView = ArrayBuffer.isView;

function isDataView(value: unknown): boolean {
  return isView(value) && typedArrayTag(value) === undefined;
}

/**
 * A plain view of the kind's intrinsic type on `view`'s memory, `length` elements from its
 * offset: what kernels work on, so that no getter or method of a caller's subclass is consulted.
 */
export function intrinsicView(kind: ArrayKind, view: ArrayBufferView, length: number): ReluTypedArray {
  return new kind.Constructor(bufferOf(view), byteOffsetOf(view), length);
}

/**
 * `intrinsicView` as the bits of the dtype the kind holds: a Float16Array as a Uint16Array of its
 * bits, every other kind as itself (each already holds its dtype's bits, and a Uint16Array is how
 * 16-bit floats travel). %TypedArray%.prototype.set and slice() between arrays of one type copy
 * bytes, so copies through this view keep every NaN's bits, where a copy between a Float16Array
 * and a Uint16Array would convert values.
 */
export function intrinsicBitsView(kind: ArrayKind, view: ArrayBufferView, length: number): ReluTypedArray {
  const plain = intrinsicView(kind, view, length);
  return kind.name === 'Float16Array' ? new Uint16Array(bufferOf(plain), byteOffsetOf(plain), length) : plain;
}

/**
 * A new array of the same kind and length as `like`, made by the kind's intrinsic constructor
 * (a subclass's constructor, whatever its signature, is never called). A TypeError for anything
 * that is not a typed array.
 */
export function sameTypeArray<T extends ReluTypedArray>(like: T): T {
  const kind = arrayKindOf(like);
  if (kind === undefined) throw new TypeError(`sameTypeArray: like must be a typed array; got ${typedArrayName(like)}`);
  return new kind.Constructor(lengthOf(like)) as T;
}
