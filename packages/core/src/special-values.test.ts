import { describe, expect, it } from 'vitest';
import { DTYPES, SPECIAL_VALUES, arrayFromBits, coreBackend, relu } from './index.js';
import { expectBits } from './test-support/expect-bits.js';

describe.each(DTYPES)('relu on the special values of %s (expected bits from SPEC.md)', (dtype) => {
  const values = SPECIAL_VALUES[dtype];
  const inputs = values.map((v) => v.input);
  const expected = values.map((v) => v.expected);
  const options = dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : undefined;

  it('relu() gives the specified bits', () => {
    expectBits(dtype, relu(arrayFromBits(dtype, inputs), options), expected, inputs);
  });

  it('coreBackend.run() gives the specified bits', async () => {
    expectBits(dtype, await coreBackend.run(arrayFromBits(dtype, inputs), options), expected, inputs);
  });

  it('every element alone (length 1) gives the same bits as in the batch', () => {
    values.forEach((value) => expectBits(dtype, relu(arrayFromBits(dtype, [value.input]), options), [value.expected], [value.input]));
  });
});

describe('relu on numbers and bigints', () => {
  it('maps the seed examples', () => {
    expect([-10, -5, 0, 5, 10].map((x) => relu(x))).toEqual([0, 0, 0, 5, 10]);
    expect(relu([-10, -5, 0, 5, 10])).toEqual([0, 0, 0, 5, 10]);
    expect([-10n, -5n, 0n, 5n, 10n].map((x) => relu(x))).toEqual([0n, 0n, 0n, 5n, 10n]);
  });

  it('returns +0 for -0 and -Infinity, keeps +Infinity and subnormals, NaN stays NaN', () => {
    expect(Object.is(relu(-0), 0)).toBe(true);
    expect(Object.is(relu(-Infinity), 0)).toBe(true);
    expect(relu(Infinity)).toBe(Infinity);
    expect(relu(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(Object.is(relu(-Number.MIN_VALUE), 0)).toBe(true);
    expect(relu(NaN)).toBeNaN();
    expect(relu([NaN, -0])).toEqual([NaN, 0]);
    expect(Object.is(relu([-0])[0], 0)).toBe(true);
  });

  it('handles int64 extremes exactly', () => {
    expect(relu(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(relu(-(2n ** 63n))).toBe(0n);
  });
});
