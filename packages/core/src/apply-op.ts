import type { DType, ReluTypedArray } from './dtype.js';
import { argumentTypeError } from './errors.js';
import type { Op, OpAttributeMap, OpName } from './op.js';
import {
  ACCEPTED,
  checkClaimedKind,
  checkCompanion,
  claimError,
  claimsItsKind,
  companionError,
  isCompanion,
  isOptionsObject,
  optionsError,
  checkDTypeOption,
  checkInt64,
  checkNumberArrayCompanion,
  checkOptions,
  overlapsPartially,
  readNumbers,
  readableLength,
  typedArrayDType,
} from './operand.js';
import { SMALL_CALL_ELEMENTS, copyElements, scratchArray } from './scratch.js';
import { type ArrayKind, arrayKindOf, copyInto, intrinsicView } from './typed-arrays.js';

/**
 * Every public function of every op (relu(), leakyRelu(), relu6() and their backward forms) is
 * one of the two functions here over the op's descriptor, and coreBackend.run() is the first's
 * typed-array half: options checked once, numbers and number[] as float64, bigints as int64,
 * typed arrays into a new array or options.out. Small typed arrays compute in scratch arrays
 * (scratch.ts), larger ones in plain views of the caller's memory.
 */
type AnyAttributes = OpAttributeMap[OpName];

interface CallShape {
  /** The keys of the options bag: dtype, out and the op's attributes. */
  readonly optionKeys: readonly string[];
  readonly attributeKeys: readonly string[];
}

const SHAPES = new Map<Op, CallShape>();
// The op of the previous call, kept aside: a program calls one op many times in a row, and the
// Map lookup would cost a tenth of a one-element call.
let lastOp: Op | undefined;
let lastShape: CallShape | undefined;

function shapeOf(op: Op): CallShape {
  return op === lastOp ? lastShape! : shapeOfOther(op);
}

function shapeOfOther(op: Op): CallShape {
  let shape = SHAPES.get(op);
  if (shape === undefined) {
    const attributeKeys = Object.keys(op.defaults);
    shape = { optionKeys: ['dtype', 'out', ...attributeKeys], attributeKeys };
    SHAPES.set(op, shape);
  }
  lastOp = op;
  lastShape = shape;
  return shape;
}

/** The op's attributes from an options bag, defaults filled in, each read once. */
function attributesFrom(fn: string, op: Op, opts: Readonly<Record<string, unknown>>, attributeKeys: readonly string[]): AnyAttributes {
  const given: Record<string, unknown> = {};
  for (const key of attributeKeys) {
    const value = opts[key];
    if (value !== undefined) given[key] = value;
  }
  return op.checkAttributes(fn, 'options', given);
}

/** An op applied to a dtype it is not defined on (leakyRelu on int32) is a TypeError naming the op. */
export function checkOpDefined(fn: string, op: Op, dtype: DType): void {
  const dtypes = op.dtypes;
  for (let i = 0; i < dtypes.length; i++) if (dtypes[i] === dtype) return;
  throw notDefinedOn(fn, op, dtype);
}

function notDefinedOn(fn: string, op: Op, dtype: DType): TypeError {
  return new TypeError(`${fn}: ${op.name} is not defined on '${dtype}'; it is defined on ${op.dtypes.map((d) => `'${d}'`).join(', ')}`);
}

function checkScalarDType(fn: string, form: string, expected: DType, dtype: DType | undefined): void {
  if (dtype !== undefined && dtype !== expected) throw argumentTypeError(fn, 'options.dtype', `'${expected}' or absent for a ${form} x`, dtype);
}

const FLOAT64_KIND = arrayKindOf(new Float64Array(0))!;
const INT64_KIND = arrayKindOf(new BigInt64Array(0))!;

/**
 * The op of checked typed-array arguments: x of `kind` and `length` elements, out (when given)
 * of the same kind and length. Returns out, or a new array of x's intrinsic kind.
 */
export function forwardArray(op: Op, dtype: DType, attributes: AnyAttributes, kind: ArrayKind, x: ReluTypedArray, length: number, out: ReluTypedArray | undefined): ReluTypedArray {
  return length <= SMALL_CALL_ELEMENTS ? forwardSmall(op, dtype, attributes, kind, x, length, out) : forwardLarge(op, dtype, attributes, kind, x, length, out);
}

function forwardLarge(op: Op, dtype: DType, attributes: AnyAttributes, kind: ArrayKind, x: ReluTypedArray, length: number, out: ReluTypedArray | undefined): ReluTypedArray {
  const src = intrinsicView(kind, x, length);
  const dst = out === undefined ? new kind.Constructor(length) : out === x ? src : intrinsicView(kind, out, length);
  op.forward(dtype, attributes as never, overlapsPartially(src, dst) ? copyOf(kind, src, length) : src, dst);
  return out ?? dst;
}

function forwardSmall(op: Op, dtype: DType, attributes: AnyAttributes, kind: ArrayKind, x: ReluTypedArray, length: number, out: ReluTypedArray | undefined): ReluTypedArray {
  const scratch = scratchArray(kind, 0, length);
  copyElements(scratch, x, length);
  op.forward(dtype, attributes as never, scratch, scratch);
  const y = out ?? new kind.Constructor(length);
  copyElements(y, scratch, length);
  return y;
}

function backwardArray(op: Op, dtype: DType, attributes: AnyAttributes, kind: ArrayKind, x: ReluTypedArray, dy: ReluTypedArray, length: number, out: ReluTypedArray | undefined): ReluTypedArray {
  if (length <= SMALL_CALL_ELEMENTS) {
    const [xs, dys] = [scratchArray(kind, 0, length), scratchArray(kind, 1, length)];
    copyElements(xs, x, length);
    copyElements(dys, dy, length);
    op.backward(dtype, attributes as never, xs, dys, dys);
    const dx = out ?? new kind.Constructor(length);
    copyElements(dx, dys, length);
    return dx;
  }
  const xView = intrinsicView(kind, x, length);
  const dyView = intrinsicView(kind, dy, length);
  const dst = out === undefined ? new kind.Constructor(length) : out === x ? xView : out === dy ? dyView : intrinsicView(kind, out, length);
  const xSrc = overlapsPartially(xView, dst) ? copyOf(kind, xView, length) : xView;
  const dySrc = overlapsPartially(dyView, dst) ? copyOf(kind, dyView, length) : dyView;
  op.backward(dtype, attributes as never, xSrc, dySrc, dst);
  return out ?? dst;
}

function copyOf(kind: ArrayKind, view: ReluTypedArray, length: number): ReluTypedArray {
  const copy = new kind.Constructor(length);
  copyInto(copy, view);
  return copy;
}

function noOutForScalars(fn: string, out: unknown, form: string): void {
  if (out !== undefined) throw new TypeError(`${fn}: options.out is for array inputs; x is a ${form}`);
}

export function applyForward(fn: string, op: Op, x: unknown, options: unknown): unknown {
  // Typed arrays first, each form parsing its own options: the typed-array path is then one chain of small checks that V8 inlines.
  const kind = arrayKindOf(x);
  if (kind !== undefined) return forwardTypedArray(fn, op, kind, x as ReluTypedArray, options);
  const { dtypeOption, out, attributes } = parseOptions(fn, op, options);
  return forwardOther(fn, op, x, dtypeOption, out, attributes);
}

/**
 * The typed-array forward path, on every call of relu(x, { out }) and its kin: each check is one of
 * operand.ts's tests, and a failed test hands over to that check's message. The tests are called
 * here one after the other rather than through the checkers, so that V8 inlines the whole path
 * into the call (measured in Node 20's bench: through the checkers a one-element call cost
 * 3.4-4.0x a y.set(x), here 2.2-2.6x).
 */
function forwardTypedArray(fn: string, op: Op, kind: ArrayKind, x: ReluTypedArray, options: unknown): ReluTypedArray {
  let dtypeOption: unknown;
  let out: unknown;
  let attributes: AnyAttributes = op.defaults;
  if (options !== undefined) {
    const shape = shapeOf(op);
    if (!isOptionsObject(options)) throw optionsError(fn, 'options', shape.optionKeys, options);
    // checkOptions' key test written out here: through a helper (an inlined one included), Node
    // 20's V8 ran this path a quarter slower, measured in the bench's per-call rows.
    const known = shape.optionKeys;
    for (const key in options) {
      let isKnownKey = false;
      for (let i = 0; i < known.length; i++) {
        if (known[i] === key) {
          isKnownKey = true;
          break;
        }
      }
      if (!isKnownKey) throw optionsError(fn, 'options', known, options);
    }
    const opts = options as Readonly<Record<string, unknown>>;
    dtypeOption = opts.dtype;
    out = opts.out;
    if (shape.attributeKeys.length > 0) attributes = attributesFrom(fn, op, opts, shape.attributeKeys);
  }
  const own = kind.dtype;
  // options.dtype equal to x's own dtype is valid as it stands; anything else takes the full checks.
  const dtype = own !== undefined && (dtypeOption === undefined || dtypeOption === own) ? own : typedArrayDType(fn, 'x', kind, checkDTypeOption(fn, dtypeOption));
  checkOpDefined(fn, op, dtype);
  if (!claimsItsKind(x, kind)) throw claimError(fn, 'x', x, kind);
  const length = readableLength(fn, 'x', x);
  if (out !== undefined && out !== x && !isCompanion(out, kind, length)) throw companionError(fn, 'options.out', out, kind, length, 'x');
  return length <= SMALL_CALL_ELEMENTS ? forwardSmall(op, dtype, attributes, kind, x, length, out as ReluTypedArray | undefined) : forwardLarge(op, dtype, attributes, kind, x, length, out as ReluTypedArray | undefined);
}

interface ParsedOptions {
  readonly dtypeOption: DType | undefined;
  readonly out: unknown;
  readonly attributes: AnyAttributes;
}

/** The options bag of the forms other than a typed array x: checked keys, options.dtype, options.out and the op's attributes. */
function parseOptions(fn: string, op: Op, options: unknown): ParsedOptions {
  if (options === undefined) return { dtypeOption: undefined, out: undefined, attributes: op.defaults };
  const shape = shapeOf(op);
  const opts = checkOptions(fn, options, shape.optionKeys);
  const dtypeOption = checkDTypeOption(fn, opts.dtype);
  return { dtypeOption, out: opts.out, attributes: shape.attributeKeys.length > 0 ? attributesFrom(fn, op, opts, shape.attributeKeys) : op.defaults };
}

/** Numbers (float64), bigints (int64) and number[] (float64, copied once). */
function forwardOther(fn: string, op: Op, x: unknown, dtypeOption: DType | undefined, out: unknown, attributes: AnyAttributes): unknown {
  if (typeof x === 'number') {
    checkScalarDType(fn, 'number', 'float64', dtypeOption);
    checkOpDefined(fn, op, 'float64');
    noOutForScalars(fn, out, 'number');
    const box = scratchArray(FLOAT64_KIND, 0, 1) as Float64Array;
    box[0] = x;
    op.forward('float64', attributes as never, box, box);
    return box[0];
  }
  if (typeof x === 'bigint') {
    checkScalarDType(fn, 'bigint', 'int64', dtypeOption);
    checkOpDefined(fn, op, 'int64');
    noOutForScalars(fn, out, 'bigint');
    const box = scratchArray(INT64_KIND, 0, 1) as BigInt64Array;
    box[0] = checkInt64(fn, 'x', x);
    op.forward('int64', attributes as never, box, box);
    return box[0];
  }
  if (Array.isArray(x)) {
    checkScalarDType(fn, 'number[]', 'float64', dtypeOption);
    checkOpDefined(fn, op, 'float64');
    const values = readNumbers(fn, 'x', x);
    const dst = out === undefined ? [] : checkNumberArrayCompanion(fn, 'options.out', out, values.length, 'x');
    forwardArray(op, 'float64', attributes, FLOAT64_KIND, values, values.length, values);
    for (let i = 0; i < values.length; i++) dst[i] = values[i]!;
    return dst;
  }
  throw argumentTypeError(fn, 'x', ACCEPTED, x);
}

export function applyBackward(fn: string, op: Op, x: unknown, dy: unknown, options: unknown): unknown {
  const { dtypeOption, out, attributes } = parseOptions(fn, op, options);
  const kind = arrayKindOf(x);
  if (kind !== undefined) return backwardTypedArray(fn, op, kind, x as ReluTypedArray, dy, dtypeOption, out, attributes);
  return backwardOther(fn, op, x, dy, dtypeOption, out, attributes);
}

function backwardTypedArray(fn: string, op: Op, kind: ArrayKind, x: ReluTypedArray, dy: unknown, dtypeOption: DType | undefined, out: unknown, attributes: AnyAttributes): ReluTypedArray {
  const dtype = typedArrayDType(fn, 'x', kind, dtypeOption);
  checkOpDefined(fn, op, dtype);
  checkClaimedKind(fn, 'x', x, kind);
  const length = readableLength(fn, 'x', x);
  checkCompanion(fn, 'dy', dy, kind, length, 'x');
  if (out !== undefined && out !== x && out !== dy) checkCompanion(fn, 'options.out', out, kind, length, 'x');
  return backwardArray(op, dtype, attributes, kind, x, dy as ReluTypedArray, length, out as ReluTypedArray | undefined);
}

function backwardOther(fn: string, op: Op, x: unknown, dy: unknown, dtypeOption: DType | undefined, out: unknown, attributes: AnyAttributes): unknown {
  if (typeof x === 'number' || typeof x === 'bigint') {
    const form = typeof x;
    const dtype = form === 'number' ? 'float64' : 'int64';
    checkScalarDType(fn, form, dtype, dtypeOption);
    checkOpDefined(fn, op, dtype);
    noOutForScalars(fn, out, form);
    if (typeof dy !== form) throw new TypeError(`${fn}: dy must be a ${form} like x; got ${describeType(dy)}`);
    const kind = form === 'number' ? FLOAT64_KIND : INT64_KIND;
    const [xs, dys] = [scratchArray(kind, 0, 1), scratchArray(kind, 1, 1)];
    xs[0] = form === 'number' ? x : checkInt64(fn, 'x', x as bigint);
    dys[0] = form === 'number' ? (dy as number) : checkInt64(fn, 'dy', dy as bigint);
    op.backward(dtype, attributes as never, xs, dys, dys);
    return dys[0];
  }
  if (Array.isArray(x)) {
    checkScalarDType(fn, 'number[]', 'float64', dtypeOption);
    checkOpDefined(fn, op, 'float64');
    const xs = readNumbers(fn, 'x', x);
    const dys = readNumbers(fn, 'dy', checkNumberArrayCompanion(fn, 'dy', dy, xs.length, 'x'));
    if (dys.length !== xs.length) throw new RangeError(`${fn}: dy.length must be ${xs.length}, the length of x; it changed while being read, to ${dys.length}`);
    const dst = out === undefined ? [] : checkNumberArrayCompanion(fn, 'options.out', out, xs.length, 'x');
    backwardArray(op, 'float64', attributes, FLOAT64_KIND, xs, dys, xs.length, dys);
    for (let i = 0; i < dys.length; i++) dst[i] = dys[i]!;
    return dst;
  }
  throw argumentTypeError(fn, 'x', ACCEPTED, x);
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an Array' : typeof value;
}
