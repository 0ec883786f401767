import { describe, expect, it } from 'vitest';
import { DTYPES, type DType, RELU6, arrayFromBits, coreBackend, everyPattern, prng, randomBits, relu6 } from '../index.js';
import { expectBits } from '../test-support/expect-bits.js';
import { type FloatDType, oracleMismatches, patternsOf, relu6IntegerOracle, relu6Oracle } from '../test-support/oracles.js';

const bitsOption = (dtype: DType) => (dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : {});

describe.each(DTYPES)('relu6 on the special values of %s (expected bits from SPEC.md)', (dtype) => {
  const values = RELU6.specialValues[dtype]!;
  const inputs = values.map((v) => v.input);
  const expected = values.map((v) => v.expected);
  const labels = values.map((v) => `${v.label} ${v.input}`);

  it('relu6() gives the specified bits', () => {
    expectBits(dtype, relu6(arrayFromBits(dtype, inputs), bitsOption(dtype)), expected, labels);
  });

  it('coreBackend.run(x, { op: "relu6" }) gives the same bits', async () => {
    expectBits(dtype, await coreBackend.run(arrayFromBits(dtype, inputs), { ...bitsOption(dtype), op: 'relu6' }), expected, labels);
  });

  it('each value alone, and repeated past the unrolled loop, gives the same bits', () => {
    values.forEach((v) => expectBits(dtype, relu6(arrayFromBits(dtype, [v.input]), bitsOption(dtype)), [v.expected], [v.label]));
    const many = Array.from({ length: 600 }, (_, i) => values[i % values.length]!);
    expectBits(dtype, relu6(arrayFromBits(dtype, many.map((v) => v.input)), bitsOption(dtype)), many.map((v) => v.expected));
  });
});

describe('relu6 on every 8- and 16-bit pattern against oracles that read the fields', () => {
  it.each(['float16', 'bfloat16'] as const)('all 65,536 %s patterns', (dtype) => {
    const x = everyPattern(dtype);
    const inputs = patternsOf(x);
    expect(oracleMismatches(dtype, inputs, patternsOf(relu6(x, { dtype })), (bits) => relu6Oracle(dtype, bits))).toEqual([]);
  });

  it.each(['int8', 'int16'] as const)('every %s value is clamped to [0, 6]', (dtype) => {
    const x = everyPattern(dtype) as Int8Array | Int16Array;
    const y = relu6(x);
    const wrong = [...x].filter((v, i) => BigInt(y[i]!) !== relu6IntegerOracle(BigInt(v)));
    expect(wrong).toEqual([]);
  });
});

describe.each(['float32', 'float64'] as const)('relu6 on random %s bit patterns against the field-reading oracle', (dtype: FloatDType) => {
  it.each([1, 7, 255, 256, 263, 20000])('length %s', (length) => {
    const x = randomBits(dtype, length, prng(length));
    expect(oracleMismatches(dtype, patternsOf(x), patternsOf(relu6(x)), (bits) => relu6Oracle(dtype, bits))).toEqual([]);
  });

  it('values around the kinks 0 and 6, one unit apart', () => {
    const values = [0, -0, 6, -6, 5.999, 6.001, 1e-300, -1e-300];
    const x = dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
    const words = patternsOf(x);
    const neighbours = words.flatMap((w) => [w - 1n, w, w + 1n]).filter((w) => w >= 0n);
    const y = arrayFromBits(dtype, neighbours.map((w) => `0x${w.toString(16)}`));
    expect(oracleMismatches(dtype, neighbours, patternsOf(relu6(y)), (bits) => relu6Oracle(dtype, bits))).toEqual([]);
  });
});

describe.each(['int32', 'int64'] as const)('relu6 on random %s values', (dtype) => {
  it('clamps every value to [0, 6]', () => {
    const x = randomBits(dtype, 5000, prng(11)) as Int32Array | BigInt64Array;
    // Small values too, so that 0..7 are not left to chance.
    for (let i = 0; i < 64; i++) x[i] = (dtype === 'int64' ? BigInt(i - 32) : i - 32) as never;
    const y = relu6(x as Int32Array);
    const wrong = [...x].filter((v, i) => BigInt(y[i]!) !== relu6IntegerOracle(BigInt(v)));
    expect(wrong).toEqual([]);
  });
});

/** @relu/core returns an input NaN unchanged; a kernel that let NaNs through a JS number fails here. */
describe.each(['float32', 'float64', 'float16', 'bfloat16'] as const)('relu6 keeps every NaN bit for bit on %s', (dtype) => {
  it('in a new array and in place, short and long', () => {
    for (const length of [5, 600]) {
      const x = randomBits(dtype, length, prng(length + 5));
      const inputs = patternsOf(x);
      const fresh = patternsOf(relu6(x, bitsOption(dtype)));
      relu6(x, { ...bitsOption(dtype), out: x });
      const inPlace = patternsOf(x);
      inputs.forEach((bits, i) => {
        if (relu6Oracle(dtype, bits) === 'NaN') {
          expect(fresh[i]).toBe(bits);
          expect(inPlace[i]).toBe(bits);
        }
      });
    }
  });
});

describe('relu6 on numbers, bigints and number[]', () => {
  it('follows SPEC.md', () => {
    expect([-10, -5, 0, 5, 10].map((x) => relu6(x))).toEqual([0, 0, 0, 5, 6]);
    expect(Object.is(relu6(-0), 0)).toBe(true);
    expect(relu6(Infinity)).toBe(6);
    expect(Object.is(relu6(-Infinity), 0)).toBe(true);
    expect(relu6(NaN)).toBeNaN();
    expect(relu6(5.999999999999999)).toBe(5.999999999999999);
    expect(relu6(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(relu6([-1, 7, 3, NaN])).toEqual([0, 6, 3, NaN]);
    expect([-(2n ** 63n), -1n, 0n, 3n, 6n, 7n, 2n ** 63n - 1n].map((x) => relu6(x))).toEqual([0n, 0n, 0n, 3n, 6n, 6n, 6n]);
  });
});
