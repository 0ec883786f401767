import { describeBytes } from './errors.js';

/** Every block starts and spans a multiple of this, so that every v128 access is aligned. */
export const ALIGNMENT = 16;

export interface Block {
  readonly address: number;
  readonly size: number;
}

/**
 * A first-fit free-list allocator over the address range [base, limit), in plain JavaScript
 * numbers: it never touches memory itself, which makes it testable alone.
 *
 * - Blocks are multiples of ALIGNMENT bytes at multiples of ALIGNMENT (a zero-byte request gets
 *   one ALIGNMENT-sized block, so that every tensor has an address of its own).
 * - Freed blocks go to a free list sorted by address and merge with free neighbours; a request
 *   takes the lowest free block that fits (splitting it), else extends the top of the heap.
 * - Freeing the block at the top lowers the top, so a stack-like allocate/free pattern (the
 *   backend's copy-in/copy-out) reuses the same bytes forever with no search.
 * - `reserve(end)` is asked before the top moves past the memory's current size: the heap grows
 *   the WebAssembly.Memory there, or throws.
 * Time per call is O(free blocks); memory that a WebAssembly.Memory has grown never shrinks.
 */
export class FreeListAllocator {
  readonly #free: Block[] = [];
  #top: number;
  #highWater: number;

  constructor(
    readonly base: number,
    readonly limit: number,
    private readonly reserve: (end: number, requestedBytes: number) => void,
  ) {
    this.#top = base;
    this.#highWater = base;
  }

  /** The end of the highest block in use: every byte from here up is free. */
  get top(): number {
    return this.#top;
  }

  /** Bytes handed out and not yet freed. */
  get bytesInUse(): number {
    return this.#top - this.base - this.#free.reduce((sum, block) => sum + block.size, 0);
  }

  /** The free blocks below the top, lowest first (for tests and diagnostics). */
  get freeBlocks(): readonly Block[] {
    return this.#free.map((block) => ({ ...block }));
  }

  /** Block size for a request of `bytes` bytes. */
  static blockSize(bytes: number): number {
    return Math.max(ALIGNMENT, Math.ceil(bytes / ALIGNMENT) * ALIGNMENT);
  }

  /**
   * A block of at least `bytes` bytes. `fresh` says whether its bytes were never handed out
   * before (still the zeros a WebAssembly.Memory starts with), so callers can skip clearing them.
   */
  allocate(fn: string, bytes: number): { address: number; size: number; fresh: boolean } {
    const size = FreeListAllocator.blockSize(bytes);
    const free = this.#free;
    for (let i = 0; i < free.length; i++) {
      const block = free[i]!;
      if (block.size < size) continue;
      if (block.size === size) free.splice(i, 1);
      else free[i] = { address: block.address + size, size: block.size - size };
      return { address: block.address, size, fresh: false };
    }
    const address = this.#top;
    const end = address + size;
    if (end > this.limit) {
      throw new RangeError(
        `${fn}: cannot allocate ${describeBytes(bytes)}: no free block fits it, and only ${describeBytes(this.limit - address)} are left ` +
          `above the highest tensor in a memory of at most ${describeBytes(this.limit)} (WebAssembly memory addresses are 32-bit: 4 GiB at most)`,
      );
    }
    this.reserve(end, bytes);
    this.#top = end;
    const fresh = address >= this.#highWater;
    if (end > this.#highWater) this.#highWater = end;
    return { address, size, fresh };
  }

  /** Returns a block from allocate(); the caller guarantees it is in use (the tensor tracks that). */
  free(address: number, size: number): void {
    const free = this.#free;
    let at = free.length;
    for (let i = 0; i < free.length; i++) {
      if (free[i]!.address > address) {
        at = i;
        break;
      }
    }
    let start = address;
    let end = address + size;
    const before = free[at - 1];
    const after = free[at];
    let removeFrom = at;
    let removeCount = 0;
    if (before !== undefined && before.address + before.size === start) {
      start = before.address;
      removeFrom = at - 1;
      removeCount++;
    }
    if (after !== undefined && after.address === end) {
      end = after.address + after.size;
      removeCount++;
    }
    if (end === this.#top) {
      free.splice(removeFrom, removeCount);
      this.#top = start;
    } else {
      free.splice(removeFrom, removeCount, { address: start, size: end - start });
    }
  }
}
