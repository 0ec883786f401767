import { DTYPE_ARRAY_CONSTRUCTORS, type DType, type ReluTypedArray } from '../dtype.js';
import { SMALL_CALL_ELEMENTS, scratchArray } from '../scratch.js';
import { type ArrayKind, arrayKindOf, bufferOf, byteOffsetOf, lengthOf } from '../typed-arrays.js';
import { int32Words, rememberWordViews, uint16Bits } from '../views.js';
import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * Canonical repair for any op with a reference kernel: computes the reference of x and writes it
 * into `y` wherever the two differ, except that a NaN in `y` where the reference is a NaN is kept
 * (any NaN stands for any NaN). x and y are plain arrays of the dtype's width and of one length
 * (what a backend captured and what its runtime returned), and do not share memory.
 *
 * The reference is computed chunk by chunk into a scratch array that is reused from call to call,
 * never into a new array of x's length: a fresh array costs more than the repair itself (on this
 * VM every new page faults on first write, and at one element the allocation and its views were
 * most of the call). A chunk of CHUNK_ELEMENTS stays in the first-level caches while it is
 * compared, and is long enough for the kernels' unrolled loops. Kernels are synchronous and call
 * no user code, so one scratch array per kind serves every call.
 */
export const CHUNK_ELEMENTS = 4096;

/** The array kind the reference of each floating dtype is computed in (16-bit floats as Uint16Array bits). */
const KIND_OF: Readonly<Partial<Record<DType, ArrayKind>>> = Object.freeze(
  Object.fromEntries((['float32', 'float64', 'float16', 'bfloat16'] as const).map((dtype) => [dtype, arrayKindOf(new DTYPE_ARRAY_CONSTRUCTORS[dtype](0))!])),
);

/** Per kind, the full-chunk scratch array (made when first used, its word views remembered). */
const CHUNKS: (ReluTypedArray | undefined)[] = [];

export function repairFromReference(
  dtype: DType,
  forward: (src: ReluTypedArray, dst: ReluTypedArray) => void,
  x: ReluTypedArray,
  y: ReluTypedArray,
): void {
  switch (dtype) {
    case 'float32':
      return repairInChunks(KIND_OF.float32!, forward, x, int32Words(y), int32Words, repairFloat32);
    case 'float64':
      return repairInChunks(KIND_OF.float64!, forward, x, int32Words(y), int32Words, repairFloat64);
    case 'float16':
      return repairInChunks(KIND_OF.float16!, forward, x, uint16Bits(y), uint16Bits, repairFloat16);
    case 'bfloat16':
      return repairInChunks(KIND_OF.bfloat16!, forward, x, uint16Bits(y), uint16Bits, repairBfloat16);
    default:
      // Integers have no NaN to keep: the reference is the repaired result, so it goes straight into y.
      return forward(x, y);
  }
}

/** Writes a chunk's reference (`expected`, elements [start, start + length) of x) into y's words where they differ. */
type RepairChunk<W> = (expected: W, y: W, start: number, length: number) => void;

function repairInChunks<W>(
  kind: ArrayKind,
  forward: (src: ReluTypedArray, dst: ReluTypedArray) => void,
  x: ReluTypedArray,
  yWords: W,
  wordsOf: (array: ReluTypedArray) => W,
  repairChunk: RepairChunk<W>,
): void {
  const n = lengthOf(x);
  for (let start = 0; start < n; start += CHUNK_ELEMENTS) {
    const length = Math.min(CHUNK_ELEMENTS, n - start);
    const expected = referenceArray(kind, length);
    forward(length === n ? x : chunkOf(kind, x, start, length), expected);
    repairChunk(wordsOf(expected), yWords, start, length);
  }
}

/** A scratch array of `length` elements of `kind` to compute a chunk's reference in. */
function referenceArray(kind: ArrayKind, length: number): ReluTypedArray {
  // Slot 1: the repair never runs inside a core call that holds that slot (kernels call nothing).
  if (length <= SMALL_CALL_ELEMENTS) return scratchArray(kind, 1, length);
  let chunk = CHUNKS[kind.index];
  if (chunk === undefined) {
    chunk = new kind.Constructor(CHUNK_ELEMENTS);
    rememberWordViews(chunk);
    CHUNKS[kind.index] = chunk;
  }
  return length === CHUNK_ELEMENTS ? chunk : (chunk.subarray(0, length) as ReluTypedArray);
}

/** Elements [start, start + length) of x as a plain view of `kind`. */
function chunkOf(kind: ArrayKind, x: ReluTypedArray, start: number, length: number): ReluTypedArray {
  return new kind.Constructor(bufferOf(x), byteOffsetOf(x) + start * x.BYTES_PER_ELEMENT, length);
}

const repairFloat32: RepairChunk<Int32Array> = (e, a, start, length) => {
  for (let i = 0; i < length; i++) {
    const want = e[i]!;
    const j = start + i;
    const got = a[j]!;
    if (got !== want && !((want & 0x7fffffff) > 0x7f800000 && (got & 0x7fffffff) > 0x7f800000)) a[j] = want;
  }
};

const repairFloat64: RepairChunk<Int32Array> = (e, a, start, length) => {
  for (let i = 0; i < length; i++) {
    const eh = 2 * i + HIGH_WORD;
    const el = 2 * i + LOW_WORD;
    const ah = 2 * (start + i) + HIGH_WORD;
    const al = 2 * (start + i) + LOW_WORD;
    const wantHi = e[eh]!;
    const wantLo = e[el]!;
    const gotHi = a[ah]!;
    const gotLo = a[al]!;
    if (gotHi === wantHi && gotLo === wantLo) continue;
    const wantMagnitude = wantHi & 0x7fffffff;
    const gotMagnitude = gotHi & 0x7fffffff;
    const wantNaN = wantMagnitude > 0x7ff00000 || (wantMagnitude === 0x7ff00000 && wantLo !== 0);
    const gotNaN = gotMagnitude > 0x7ff00000 || (gotMagnitude === 0x7ff00000 && gotLo !== 0);
    if (wantNaN && gotNaN) continue;
    a[ah] = wantHi;
    a[al] = wantLo;
  }
};

/** 16-bit float bits; `infinity` is the format's +Inf (float16 0x7c00, bfloat16 0x7f80). */
function repairHalf(e: Uint16Array, a: Uint16Array, start: number, length: number, infinity: number): void {
  for (let i = 0; i < length; i++) {
    const want = e[i]!;
    const j = start + i;
    const got = a[j]!;
    if (got !== want && !((want & 0x7fff) > infinity && (got & 0x7fff) > infinity)) a[j] = want;
  }
}

const repairFloat16: RepairChunk<Uint16Array> = (e, a, start, length) => repairHalf(e, a, start, length, 0x7c00);
const repairBfloat16: RepairChunk<Uint16Array> = (e, a, start, length) => repairHalf(e, a, start, length, 0x7f80);
