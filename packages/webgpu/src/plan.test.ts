import { BYTES_PER_ELEMENT, DTYPES } from '@relu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lanesPerWord } from './layout.js';
import { planDispatches } from './plan.js';
import { UNITS_PER_WORKGROUP } from './wgsl/kernel.js';

const request = fc
  .record({
    dtype: fc.constantFrom(...DTYPES),
    length: fc.integer({ min: 0, max: 20_000 }),
    inputElement: fc.integer({ min: 0, max: 5000 }),
    outputElement: fc.integer({ min: 0, max: 5000 }),
    alignment: fc.constantFrom(32, 64, 256),
    binding: fc.integer({ min: 512, max: 1 << 20 }),
    groups: fc.integer({ min: 1, max: 70_000 }),
  })
  .map((r) => ({
    ...r,
    bytes: BYTES_PER_ELEMENT[r.dtype],
    inputOffset: r.inputElement * BYTES_PER_ELEMENT[r.dtype],
    outputOffset: r.outputElement * BYTES_PER_ELEMENT[r.dtype],
    limits: { maxStorageBufferBindingSize: r.binding, maxComputeWorkgroupsPerDimension: r.groups },
  }));

describe('planDispatches', () => {
  it('covers the range in order, each binding aligned, within the limits and holding its elements', () => {
    fc.assert(
      fc.property(request, (r) => {
        const plan = planDispatches(r);
        let next = 0;
        for (const d of plan) {
          const start = next;
          for (const [side, offset, slot] of [[d.input, r.inputOffset, d.inSlot], [d.output, r.outputOffset, d.outSlot]] as const) {
            expect(side.offset % r.alignment).toBe(0);
            expect(side.size % 4).toBe(0);
            expect(side.size).toBeLessThanOrEqual(r.binding);
            // The binding starts at or before element `start` and ends at or after the range's last byte, rounded to a word.
            expect(side.offset + slot * r.bytes).toBe(offset + start * r.bytes);
            expect(side.offset + side.size).toBe(Math.ceil((offset + (start + d.count) * r.bytes) / 4) * 4);
          }
          expect(d.count).toBeGreaterThan(0);
          expect(d.phase).toBe((((d.inSlot - d.outSlot) % lanesPerWord(r.dtype)) + lanesPerWord(r.dtype)) % lanesPerWord(r.dtype));
          const [x, y] = d.workgroups;
          expect(x).toBeLessThanOrEqual(r.groups);
          expect(y).toBeLessThanOrEqual(r.groups);
          expect(x * y * UNITS_PER_WORKGROUP).toBeGreaterThanOrEqual(d.units);
          expect((x * y - x) * UNITS_PER_WORKGROUP).toBeLessThan(d.units); // no wholly idle row of workgroups
          next += d.count;
          // Between two dispatches the output is at a word boundary: no word is written twice.
          if (next < r.length) expect((r.outputOffset + next * r.bytes) % 4).toBe(0);
        }
        expect(next).toBe(r.length);
      }),
      { numRuns: 300 },
    );
  });

  it('counts the words a lanes dispatch touches, partial first and last words included', () => {
    // int8 from byte 3: elements 0..5 span bytes 3..8, words 0, 1 and 2.
    const [d] = planDispatches({ dtype: 'int8', length: 6, inputOffset: 0, outputOffset: 3, alignment: 256, limits: { maxStorageBufferBindingSize: 1 << 20, maxComputeWorkgroupsPerDimension: 65535 } });
    expect(d).toMatchObject({ units: 3, inSlot: 0, outSlot: 3, count: 6, phase: 1, input: { offset: 0, size: 8 }, output: { offset: 0, size: 12 }, workgroups: [1, 1] });
  });

  it('uses a second grid dimension beyond 65,535 workgroups', () => {
    const [d] = planDispatches({ dtype: 'float32', length: 65_536 * UNITS_PER_WORKGROUP, inputOffset: 0, outputOffset: 0, alignment: 256, limits: { maxStorageBufferBindingSize: 1 << 30, maxComputeWorkgroupsPerDimension: 65_535 } });
    expect(d!.workgroups).toEqual([65_535, 2]);
  });

  it('refuses limits that cannot hold one dispatch', () => {
    expect(() => planDispatches({ dtype: 'float64', length: 10, inputOffset: 0, outputOffset: 0, alignment: 256, limits: { maxStorageBufferBindingSize: 260, maxComputeWorkgroupsPerDimension: 1 } })).toThrow(RangeError);
  });
});
