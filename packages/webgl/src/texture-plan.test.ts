import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEXEL_BYTES } from './layout.js';
import { MAX_TEXELS_PER_PART, planTextures } from './texture-plan.js';

describe('planTextures', () => {
  it('covers the bytes in order with textures within the size limit, whole texels between parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 4, max: 16384 }), (bytes, max) => {
        let next = 0;
        for (const part of planTextures(bytes, max)) {
          expect(part.byteOffset).toBe(next);
          expect(part.byteOffset % TEXEL_BYTES).toBe(0);
          expect(part.width).toBeLessThanOrEqual(max);
          expect(part.height).toBeLessThanOrEqual(max);
          expect(part.width * part.height).toBeLessThanOrEqual(Math.max(MAX_TEXELS_PER_PART, max));
          // The texture holds the part, and wastes less than one row.
          expect(part.width * part.height * TEXEL_BYTES).toBeGreaterThanOrEqual(part.byteLength);
          expect((part.width * part.height - part.width) * TEXEL_BYTES).toBeLessThan(part.byteLength);
          next += part.byteLength;
        }
        expect(next).toBe(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('splits at the limit squared', () => {
    // 8 x 8 texels of 16 bytes hold 1024 bytes; 1025 bytes need a second, one-texel texture.
    expect(planTextures(1025, 8)).toEqual([
      { byteOffset: 0, byteLength: 1024, width: 8, height: 8 },
      { byteOffset: 1024, byteLength: 1, width: 1, height: 1 },
    ]);
  });

  it('caps a part at 64 MiB of texels, in full rows', () => {
    expect(planTextures(MAX_TEXELS_PER_PART * TEXEL_BYTES + 16, 8192)).toEqual([
      { byteOffset: 0, byteLength: MAX_TEXELS_PER_PART * TEXEL_BYTES, width: 8192, height: MAX_TEXELS_PER_PART / 8192 },
      { byteOffset: MAX_TEXELS_PER_PART * TEXEL_BYTES, byteLength: 16, width: 1, height: 1 },
    ]);
  });
});
