import { describe, expect, it } from 'vitest';
import { ALIGNMENT, FreeListAllocator } from './allocator.js';

function allocator(limit = 1 << 20) {
  const reserved: number[] = [];
  const heap = new FreeListAllocator(64, limit, (end) => reserved.push(end));
  return { heap, reserved };
}

describe('FreeListAllocator', () => {
  it('hands out 16-byte aligned blocks rounded up to 16 bytes, one block even for 0 bytes', () => {
    const { heap } = allocator();
    const blocks = [0, 1, 15, 16, 17, 100].map((bytes) => heap.allocate('test', bytes));
    for (const block of blocks) expect(block.address % ALIGNMENT).toBe(0);
    expect(blocks.map((b) => b.size)).toEqual([16, 16, 16, 16, 32, 112]);
    const ends = blocks.map((b) => b.address + b.size);
    expect(blocks.slice(1).map((b) => b.address)).toEqual(ends.slice(0, -1));
  });

  it('asks for the memory to be reserved before the top passes it', () => {
    const { heap, reserved } = allocator();
    heap.allocate('test', 100);
    expect(reserved).toEqual([64 + 112]);
  });

  it('reuses the lowest free block that fits, splitting it, and says the bytes are not fresh', () => {
    const { heap } = allocator();
    const a = heap.allocate('test', 64);
    const b = heap.allocate('test', 64);
    heap.allocate('test', 64);
    heap.free(a.address, a.size);
    heap.free(b.address, b.size);
    const c = heap.allocate('test', 32);
    expect(c).toEqual({ address: a.address, size: 32, fresh: false });
    expect(heap.freeBlocks).toEqual([{ address: a.address + 32, size: 96 }]);
  });

  it('merges a freed block with free neighbours on both sides', () => {
    const { heap } = allocator();
    const [a, b, c] = [heap.allocate('t', 16), heap.allocate('t', 16), heap.allocate('t', 16), heap.allocate('t', 16)];
    heap.free(a!.address, a!.size);
    heap.free(c!.address, c!.size);
    expect(heap.freeBlocks).toHaveLength(2);
    heap.free(b!.address, b!.size);
    expect(heap.freeBlocks).toEqual([{ address: 64, size: 48 }]);
  });

  it('lowers the top when the highest block is freed, so allocate/free in a loop reuses the same bytes', () => {
    const { heap } = allocator();
    const first = heap.allocate('t', 1000);
    heap.free(first.address, first.size);
    expect(heap.top).toBe(64);
    expect(heap.bytesInUse).toBe(0);
    for (let i = 0; i < 5; i++) {
      const block = heap.allocate('t', 1000);
      expect(block.address).toBe(first.address);
      expect(block.fresh).toBe(false);
      heap.free(block.address, block.size);
    }
  });

  it('drops free blocks that end at the top when the top comes down to them', () => {
    const { heap } = allocator();
    const a = heap.allocate('t', 16);
    const b = heap.allocate('t', 16);
    heap.free(a.address, a.size);
    heap.free(b.address, b.size);
    expect(heap.freeBlocks).toEqual([]);
    expect(heap.top).toBe(64);
  });

  it('counts bytes in use', () => {
    const { heap } = allocator();
    const a = heap.allocate('t', 10);
    heap.allocate('t', 40);
    expect(heap.bytesInUse).toBe(16 + 48);
    heap.free(a.address, a.size);
    expect(heap.bytesInUse).toBe(48);
  });

  it('throws a RangeError naming the requested size past the limit, and stays usable', () => {
    const { heap } = allocator(4096);
    heap.allocate('t', 1000);
    expect(() => heap.allocate('f', 5000)).toThrow(RangeError);
    expect(() => heap.allocate('f', 5000)).toThrow(/5000 bytes/);
    expect(heap.allocate('t', 1000).address).toBe(64 + 1008);
  });

  it('keeps the heap unchanged when reserving memory fails', () => {
    const heap = new FreeListAllocator(64, 1 << 20, () => {
      throw new RangeError('no memory');
    });
    expect(() => heap.allocate('t', 16)).toThrow('no memory');
    expect(heap.top).toBe(64);
  });
});
