import { BYTES_PER_ELEMENT, type DType } from '@relu/core';
import { lanesPerWord, packingOf } from './layout.js';
import { UNITS_PER_WORKGROUP } from './wgsl/kernel.js';

/** The device limits a run is split by (the device's own, or smaller ones forced by the caller). */
export interface SplitLimits {
  /** Largest storage binding, bytes. */
  readonly maxStorageBufferBindingSize: number;
  /** Largest workgroup count per dispatch dimension; beyond it dispatches are 2-D. */
  readonly maxComputeWorkgroupsPerDimension: number;
}

/** A byte range of a buffer bound as storage: offset aligned, size a whole number of words. */
export interface BindingRange {
  readonly offset: number;
  readonly size: number;
}

/** One dispatch of the kernel: its two bindings, its uniform record and its grid. */
export interface Dispatch {
  readonly input: BindingRange;
  readonly output: BindingRange;
  /** Output words the dispatch writes ('lanes', 'word'), or elements ('pair'). */
  readonly units: number;
  /** First element's position in the input / output binding, in elements. */
  readonly inSlot: number;
  readonly outSlot: number;
  readonly count: number;
  /** (inSlot - outSlot) mod lanes per word: 0 unless input and output sit at different lanes. */
  readonly phase: number;
  readonly workgroups: readonly [number, number];
}

export interface PlanRequest {
  readonly dtype: DType;
  readonly length: number;
  /** Byte offsets of element 0, each a multiple of the element size. */
  readonly inputOffset: number;
  readonly outputOffset: number;
  /** minStorageBufferOffsetAlignment of the device. */
  readonly alignment: number;
  readonly limits: SplitLimits;
}

/**
 * Storage bindings stay below 2 GiB so that every slot fits the kernel's signed arithmetic, and
 * leave room for the start's misalignment and the last partial word.
 */
const MAX_WINDOW = 2 ** 31 - 4;

/** The smallest maxStorageBufferBindingSize a plan accepts: a few words past the alignment. */
export const minimumBindingSize = (alignment: number): number => 2 * alignment;

/**
 * Splits `length` elements into dispatches whose bindings fit maxStorageBufferBindingSize and
 * whose grids fit maxComputeWorkgroupsPerDimension (2-D when one dimension is not enough). Every
 * boundary between two dispatches falls on an output word boundary, so no word is written by two
 * dispatches; only the range's own first and last words can be partial.
 */
export function planDispatches(request: PlanRequest): Dispatch[] {
  const { dtype, length, inputOffset, outputOffset, alignment, limits } = request;
  const bytes = BYTES_PER_ELEMENT[dtype];
  const lanes = lanesPerWord(dtype);
  const packing = packingOf(dtype);
  const window = Math.min(Math.floor(limits.maxStorageBufferBindingSize / 4) * 4, MAX_WINDOW);
  const byBinding = Math.floor((window - alignment - 4) / bytes);
  const maxGroups = limits.maxComputeWorkgroupsPerDimension;
  const maxUnits = maxGroups * maxGroups * UNITS_PER_WORKGROUP;
  const byGrid = packing.kind === 'lanes' ? (maxUnits - 1) * lanes : maxUnits;
  const perDispatch = Math.min(byBinding, byGrid);
  if (perDispatch < 2 * lanes) throw new RangeError(`planDispatches: limits too small for one dispatch of ${dtype}`);
  const outFirstElement = outputOffset / bytes;

  const dispatches: Dispatch[] = [];
  for (let start = 0; start < length; ) {
    let end = start + perDispatch;
    if (end < length) end -= (outFirstElement + end) % lanes;
    else end = length;
    const input = bindingRange(inputOffset + start * bytes, inputOffset + end * bytes, alignment);
    const output = bindingRange(outputOffset + start * bytes, outputOffset + end * bytes, alignment);
    const inSlot = (inputOffset + start * bytes - input.offset) / bytes;
    const outSlot = (outputOffset + start * bytes - output.offset) / bytes;
    const count = end - start;
    const units = packing.kind === 'lanes' ? Math.ceil((outSlot + count) / lanes) - Math.floor(outSlot / lanes) : count;
    const groups = Math.ceil(units / UNITS_PER_WORKGROUP);
    const x = Math.min(groups, maxGroups);
    dispatches.push({
      input,
      output,
      units,
      inSlot,
      outSlot,
      count,
      phase: (((inSlot - outSlot) % lanes) + lanes) % lanes,
      workgroups: [x, Math.ceil(groups / x)],
    });
    start = end;
  }
  return dispatches;
}

function bindingRange(firstByte: number, endByte: number, alignment: number): BindingRange {
  const offset = Math.floor(firstByte / alignment) * alignment;
  return { offset, size: Math.ceil(endByte / 4) * 4 - offset };
}

/** Bytes a buffer must have for a range: storage bindings cover whole 4-byte words. */
export const boundBytes = (offset: number, length: number, dtype: DType): number => Math.ceil((offset + length * BYTES_PER_ELEMENT[dtype]) / 4) * 4;
