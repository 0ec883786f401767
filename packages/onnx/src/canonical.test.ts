import { type DType, FLOAT_DTYPES, INT_DTYPES, SPECIAL_VALUES, arrayBits, arrayFromBits, relu } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { needsRepair, repairInPlace } from './canonical.js';
import { mismatchesWithCore, randomBits } from './test-support/random.js';

describe('canonical repair', () => {
  it('turns ANY runtime output into @relu/core of the input, for random inputs and random (garbage) outputs', () => {
    for (const dtype of FLOAT_DTYPES) {
      const x = randomBits(dtype, 50_000, 1);
      const y = randomBits(dtype, 50_000, 2);
      repairInPlace(dtype, x, y);
      expect(mismatchesWithCore(dtype, x, y), dtype).toEqual([]);
    }
  });

  it('repairs what the runtimes get wrong: -0 (CPU), flushed subnormals and NaN turned to 0 (GPU)', () => {
    for (const dtype of FLOAT_DTYPES) {
      const x = arrayFromBits(dtype, SPECIAL_VALUES[dtype].map((v) => v.input));
      const cpuLike = x.slice(); // max(x, 0) keeping -0 and NaN: every NaN and -0 kept
      const zeros = x.slice().fill(0 as never); // all +0, as a flushing GPU gives for NaN and subnormals
      for (const y of [cpuLike, zeros]) {
        repairInPlace(dtype, x, y);
        expect(mismatchesWithCore(dtype, x, y), dtype).toEqual([]);
      }
    }
  });

  it("leaves correct elements as computed, the runtime's own NaN payload included", () => {
    const x = arrayFromBits('float32', ['0x7fc00001', '0x3f800000', '0xbf800000']);
    const y = arrayFromBits('float32', ['0xffc00000', '0x3f800000', '0x00000000']);
    repairInPlace('float32', x, y);
    expect(arrayBits('float32', y)).toEqual(['0xffc00000', '0x3f800000', '0x00000000']);
    const x64 = arrayFromBits('float64', ['0xfff0000000000001', '0x8000000000000000']);
    const y64 = arrayFromBits('float64', ['0x7ff8000000000000', '0x8000000000000000']);
    repairInPlace('float64', x64, y64);
    expect(arrayBits('float64', y64)).toEqual(['0x7ff8000000000000', '0x0000000000000000']);
  });

  it('works on views with a byteOffset', () => {
    const whole = arrayFromBits('float32', ['0x80000000', '0x80000000', '0x00000001', '0x7fc00000']);
    const out = new Float32Array(5).subarray(1);
    repairInPlace('float32', whole.subarray(1), out.subarray(0, 3));
    expect(arrayBits('float32', out.subarray(0, 3))).toEqual(['0x00000000', '0x00000001', '0x7fc00000']);
  });

  it('has nothing to repair for integers: every execution provider computes them exactly', () => {
    for (const dtype of INT_DTYPES as DType[]) {
      expect(needsRepair(dtype)).toBe(false);
      const x = randomBits(dtype, 100, 3);
      const y = relu(x, { dtype });
      const before = arrayBits(dtype, y);
      repairInPlace(dtype, x, y);
      expect(arrayBits(dtype, y)).toEqual(before);
    }
  });
});
