import { describe, expect, it } from 'vitest';
import { InputPool, POOL_MAX_BYTES } from './input-pool.js';

describe('InputPool', () => {
  it('hands back a given buffer for a request it fits (up to twice the size), else a new one', () => {
    const pool = new InputPool();
    const a = pool.take(1 << 20);
    expect(a.byteLength).toBe(1 << 20);
    pool.give(a);
    expect(pool.take((1 << 20) - 8)).toBe(a);
    pool.give(a);
    expect(pool.take(1 << 19)).toBe(a);
    pool.give(a);
    expect(pool.take((1 << 19) - 1)).not.toBe(a); // a would be more than twice the request
    expect(pool.take((1 << 20) + 1)).not.toBe(a);
    expect(pool.take(1 << 20)).toBe(a);
    expect(pool.take(1 << 20)).not.toBe(a); // taken: never handed out twice
  });

  it('keeps at most POOL_MAX_BYTES waiting, dropping the oldest, and nothing after clear()', () => {
    const pool = new InputPool();
    const quarter = POOL_MAX_BYTES / 4;
    const buffers = Array.from({ length: 6 }, () => pool.take(quarter));
    for (const b of buffers) pool.give(b);
    expect(pool.freeBytes).toBe(POOL_MAX_BYTES);
    expect(pool.take(quarter)).toBe(buffers[2]); // 0 and 1 were dropped
    pool.give(new ArrayBuffer(POOL_MAX_BYTES + 1));
    expect(pool.freeBytes).toBe(3 * quarter);
    pool.clear();
    expect(pool.freeBytes).toBe(0);
    expect(buffers).not.toContain(pool.take(quarter));
  });
});
