import { type DType, type ReluTypedArray, DTYPES, isDType } from './dtype.js';
import { argumentRangeError, argumentTypeError, describeValue } from './errors.js';

/** What a relu/reluBackward argument turned out to be, after validation. */
export type Operand =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bigint'; readonly value: bigint }
  | { readonly kind: 'number[]'; readonly value: readonly number[] }
  | { readonly kind: 'typed'; readonly value: ReluTypedArray; readonly dtype: DType };

const DTYPE_LIST = DTYPES.map((d) => `'${d}'`).join(' | ');

const ACCEPTED =
  'a number, a bigint, a number[], or a Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, ' +
  "BigInt64Array, Float16Array, or a Uint16Array of 16-bit float bits with options.dtype 'float16' or 'bfloat16'";

/** The dtype each typed array constructor holds by itself; Uint16Array needs options.dtype. */
const DTYPE_OF_CONSTRUCTOR: ReadonlyMap<string, DType> = new Map([
  ['Float32Array', 'float32'],
  ['Float64Array', 'float64'],
  ['Float16Array', 'float16'],
  ['Int8Array', 'int8'],
  ['Int16Array', 'int16'],
  ['Int32Array', 'int32'],
  ['BigInt64Array', 'int64'],
]);

const UNSIGNED_REASON: Readonly<Record<string, string>> = {
  Uint8Array: 'uint8 is not a ReLU dtype (every unsigned value is its own ReLU)',
  Uint8ClampedArray: 'uint8 is not a ReLU dtype (every unsigned value is its own ReLU)',
  Uint32Array: 'uint32 is not a ReLU dtype (every unsigned value is its own ReLU)',
  BigUint64Array: 'uint64 is not a ReLU dtype (every unsigned value is its own ReLU)',
};

/** A typed array's type name from its @@toStringTag, which holds for subclasses and across realms. */
export function typedArrayName(view: ArrayBufferView): string {
  return Object.prototype.toString.call(view).slice(8, -1);
}

export function isDetached(buffer: ArrayBufferLike): boolean {
  const detached = (buffer as { detached?: boolean }).detached;
  if (typeof detached === 'boolean') return detached;
  // Node 20 has no ArrayBuffer.prototype.detached; a view cannot be made on a detached buffer.
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** Validates options.dtype: undefined, or one of the DType strings. */
export function checkDTypeOption(fn: string, dtype: unknown): DType | undefined {
  if (dtype === undefined) return undefined;
  if (typeof dtype !== 'string') throw argumentTypeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, dtype);
  if (!isDType(dtype)) throw argumentRangeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, JSON.stringify(dtype));
  return dtype;
}

/** Validates an options bag: undefined or a plain object with only the known keys. `argument` names it in messages. */
export function checkOptions<K extends string>(fn: string, options: unknown, known: readonly K[], argument = 'options'): Partial<Record<K, unknown>> {
  const keys = known.length > 0 ? `keys ${known.join(', ')}` : 'no keys';
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw argumentTypeError(fn, argument, `undefined or an object with ${keys}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: ${argument} has an unknown key ${JSON.stringify(key)}; ${known.length > 0 ? `the known keys are ${known.join(', ')}` : 'it takes none'}`);
    }
  }
  return options as Partial<Record<K, unknown>>;
}

/**
 * Classifies and validates one array-like argument. `dtype` is the caller's options.dtype, which
 * must agree with the array type (and is required for Uint16Array).
 */
export function resolveOperand(fn: string, name: string, value: unknown, dtype: DType | undefined): Operand {
  if (typeof value === 'number') {
    if (dtype !== undefined && dtype !== 'float64') {
      throw argumentTypeError(fn, 'options.dtype', `'float64' or absent for a number ${name}`, dtype);
    }
    return { kind: 'number', value };
  }
  if (typeof value === 'bigint') {
    if (dtype !== undefined && dtype !== 'int64') {
      throw argumentTypeError(fn, 'options.dtype', `'int64' or absent for a bigint ${name}`, dtype);
    }
    return { kind: 'bigint', value };
  }
  if (Array.isArray(value)) {
    if (dtype !== undefined && dtype !== 'float64') {
      throw argumentTypeError(fn, 'options.dtype', `'float64' or absent for a number[] ${name}`, dtype);
    }
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'number') {
        throw new TypeError(`${fn}: ${name} must be an array of numbers only; ${name}[${i}] is ${describeValue(value[i])}`);
      }
    }
    return { kind: 'number[]', value };
  }
  if (!ArrayBuffer.isView(value) || value instanceof DataView) throw argumentTypeError(fn, name, ACCEPTED, value);
  const typeName = typedArrayName(value);
  if (isDetached(value.buffer)) {
    throw new TypeError(`${fn}: ${name} must be backed by a live ArrayBuffer; got a ${typeName} whose buffer is detached`);
  }
  if (typeName === 'Uint16Array') {
    if (dtype === 'float16' || dtype === 'bfloat16') return { kind: 'typed', value: value as Uint16Array, dtype };
    if (dtype === undefined) {
      throw new TypeError(
        `${fn}: ${name} is a Uint16Array, which holds 16-bit float bits only with options.dtype 'float16' or 'bfloat16'; got no options.dtype`,
      );
    }
    throw argumentTypeError(fn, 'options.dtype', `'float16' or 'bfloat16' for a Uint16Array ${name}`, dtype);
  }
  const own = DTYPE_OF_CONSTRUCTOR.get(typeName);
  if (own === undefined) {
    const reason = UNSIGNED_REASON[typeName];
    throw new TypeError(`${fn}: ${name} must be ${ACCEPTED}; got a ${typeName}${reason ? ` (${reason})` : ''}`);
  }
  if (dtype !== undefined && dtype !== own) {
    throw new TypeError(`${fn}: options.dtype ${JSON.stringify(dtype)} does not match ${name}, a ${typeName} that holds '${own}'`);
  }
  return { kind: 'typed', value: value as ReluTypedArray, dtype: own };
}

/**
 * Checks that `array` can stand beside `like` as an output or second operand: the same array
 * type and the same length.
 */
export function checkCompanion(fn: string, name: string, array: unknown, like: Operand & { kind: 'typed' | 'number[]' }, likeName: string): void {
  const expectedType = like.kind === 'number[]' ? 'Array' : typedArrayName(like.value);
  const actualType = Array.isArray(array) ? 'Array' : ArrayBuffer.isView(array) ? typedArrayName(array) : undefined;
  if (actualType !== expectedType) {
    throw argumentTypeError(fn, name, `a ${expectedType} like ${likeName}`, array);
  }
  const view = array as { length: number; buffer?: ArrayBufferLike };
  if (view.buffer !== undefined && isDetached(view.buffer)) {
    throw new TypeError(`${fn}: ${name} must be backed by a live ArrayBuffer; got a ${actualType} whose buffer is detached`);
  }
  if (view.length !== like.value.length) {
    throw argumentRangeError(fn, `${name}.length`, `${like.value.length}, the length of ${likeName}`, String(view.length));
  }
}

/**
 * True when two views share bytes but do not start at the same byte: an elementwise kernel
 * writing one while reading the other would read values it has already overwritten.
 */
export function overlapsPartially(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.buffer !== b.buffer || a.byteOffset === b.byteOffset) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}
