import type { ReluTypedArray } from './dtype.js';
import { type ArrayKind, KIND_COUNT, copyInto } from './typed-arrays.js';
import { rememberWordViews } from './views.js';

/**
 * Small calls compute in scratch arrays: at a few elements the fixed costs of a call on the
 * caller's memory (two kernel views, reading both buffers to rule out a partial overlap) are most
 * of the call, while a scratch array of the caller's kind has its views made once. The call copies
 * x in, runs the kernel in place there and copies the result out; the copy in also makes any
 * overlap between x and out harmless. Kernels run synchronously and call no user code, so one set
 * of scratch arrays per kind serves every call.
 */
export const SMALL_CALL_ELEMENTS = 128;

/** Per kind, per operand slot (0: x, 1: dy), the scratch array of each length 0..SMALL_CALL_ELEMENTS, made when first used. */
const SCRATCH: (ScratchSlots | undefined)[] = Array.from({ length: KIND_COUNT }, () => undefined);

interface ScratchSlots {
  readonly buffers: readonly [ArrayBuffer, ArrayBuffer];
  readonly arrays: readonly [(ReluTypedArray | undefined)[], (ReluTypedArray | undefined)[]];
}

export function scratchArray(kind: ArrayKind, slot: 0 | 1, length: number): ReluTypedArray {
  const slots = SCRATCH[kind.index] ?? makeSlots(kind);
  return slots.arrays[slot][length] ?? makeScratch(kind, slots, slot, length);
}

function makeSlots(kind: ArrayKind): ScratchSlots {
  const bytes = SMALL_CALL_ELEMENTS * new kind.Constructor(0).BYTES_PER_ELEMENT;
  const slots: ScratchSlots = { buffers: [new ArrayBuffer(bytes), new ArrayBuffer(bytes)], arrays: [[], []] };
  SCRATCH[kind.index] = slots;
  return slots;
}

function makeScratch(kind: ArrayKind, slots: ScratchSlots, slot: 0 | 1, length: number): ReluTypedArray {
  const array = new kind.Constructor(slots.buffers[slot], 0, length);
  rememberWordViews(array);
  slots.arrays[slot][length] = array;
  return array;
}

/** Below this many elements a JS loop copies faster than a call of the %TypedArray%.prototype.set builtin. */
const LOOP_COPY_ELEMENTS = 8;

/**
 * Copies `length` elements between two plain arrays of one kind and of that length, bit for bit
 * (a backend's small copies in and out of its own memory use it too). %TypedArray%.prototype.set
 * between arrays of one type copies bytes; a few elements go faster through a JS loop, which is
 * exact for every value but a NaN (a JS number does not carry a NaN's bits), so a NaN hands the
 * copy to the builtin.
 */
export function copyElements(target: ReluTypedArray, source: ReluTypedArray, length: number): void {
  if (length > LOOP_COPY_ELEMENTS) return copyInto(target, source);
  for (let i = 0; i < length; i++) {
    const value = source[i]!;
    if (value !== value) return copyInto(target, source);
    target[i] = value;
  }
}
