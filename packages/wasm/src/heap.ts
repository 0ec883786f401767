import { FreeListAllocator } from './allocator.js';
import { describeBytes } from './errors.js';
import { MemoryViews } from './memory-views.js';

export const PAGE_BYTES = 65536;
/** wasm32 addresses are 32-bit: 65536 pages of 64 KiB. */
export const MAX_MEMORY_BYTES = 65536 * PAGE_BYTES;
/**
 * Nothing is allocated below this address, so that address 0 (a likely result of a bug) never
 * names a tensor.
 */
const HEAP_BASE = 64;

/**
 * 'open'; 'closing' once dispose() has begun (runs in flight finish, new ones are refused);
 * 'disposed' once it has ended (every tensor is dead).
 */
export type HeapState = 'open' | 'closing' | 'disposed';

/**
 * One WebAssembly.Memory and the allocator that hands out its bytes, with an optional scratch
 * region below the allocator's range for copies that never outlive a synchronous call. Growth
 * happens here only, when the allocator's top passes the memory's size; a failed grow is a
 * RangeError that names the request, and leaves the heap as it was.
 */
export class Heap {
  readonly allocator: FreeListAllocator;
  readonly views: MemoryViews;
  /** The scratch region: [scratchAddress, scratchAddress + scratchBytes), 16-byte aligned. */
  readonly scratchAddress = HEAP_BASE;
  state: HeapState = 'open';
  /** The owning runtime's name, for BackendDisposedError. */
  ownerName = 'wasm';

  constructor(
    readonly memory: WebAssembly.Memory,
    /** The most bytes this memory may reach (its declared maximum, or 4 GiB). */
    readonly maximumBytes: number,
    readonly scratchBytes = 0,
  ) {
    const base = HEAP_BASE + scratchBytes;
    this.allocator = new FreeListAllocator(base, maximumBytes, (end, requested) => this.#reserve(end, requested));
    this.views = new MemoryViews(memory);
    this.#reserve(base, scratchBytes);
  }

  get disposed(): boolean {
    return this.state === 'disposed';
  }

  #reserve(end: number, requestedBytes: number): void {
    const current = this.memory.buffer.byteLength;
    if (end <= current) return;
    const neededPages = Math.ceil((end - current) / PAGE_BYTES);
    // A quarter more than needed, so that a run of growing allocations does not grow every time.
    const maximumPages = Math.floor((this.maximumBytes - current) / PAGE_BYTES);
    const generousPages = Math.min(maximumPages, Math.max(neededPages, Math.ceil(current / 4 / PAGE_BYTES)));
    for (const pages of generousPages > neededPages ? [generousPages, neededPages] : [neededPages]) {
      try {
        this.memory.grow(pages);
        return;
      } catch {
        // The engine refused (its own limit, or no address space / memory left); try the minimum.
      }
    }
    throw new RangeError(
      `@relu/wasm: cannot allocate ${describeBytes(requestedBytes)}: growing the WebAssembly memory from ` +
        `${describeBytes(current)} to ${describeBytes(current + neededPages * PAGE_BYTES)} failed ` +
        `(its maximum is ${describeBytes(this.maximumBytes)}, and the engine may refuse sooner when memory runs out)`,
    );
  }
}
