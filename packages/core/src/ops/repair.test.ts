import { describe, expect, it } from 'vitest';
import { LEAKY_RELU, RELU6, type ReluTypedArray, prng, randomBits } from '../index.js';
import { CHUNK_ELEMENTS } from '../kernels/repair-from-reference.js';
import { type FloatDType, leakyReluOracle, oracleMismatches, patternsOf, relu6IntegerOracle, relu6Oracle } from '../test-support/oracles.js';

/**
 * Canonical repair (Op.repair) of leakyRelu and relu6: whatever a runtime returned, the repaired
 * array is SPEC.md's result (checked against the field-reading oracles, never against core's own
 * kernels), a NaN the runtime gave where SPEC.md gives a NaN keeps its bits, and x is untouched.
 * Lengths cross the scratch sizes the repair computes the reference in (128 elements, one chunk).
 */
const FLOATS: readonly FloatDType[] = ['float32', 'float64', 'float16', 'bfloat16'];
const LENGTHS = [0, 1, 7, 128, 129, CHUNK_ELEMENTS - 1, CHUNK_ELEMENTS, CHUNK_ELEMENTS + 1, 3 * CHUNK_ELEMENTS + 5];

/** NaN patterns of each format with a payload no reference kernel produces (so a kept one is the runtime's). */
const ODD_NaN: Readonly<Record<FloatDType, bigint>> = { float32: 0xffc0_1234n, float64: 0xfff8_0000_0000_1234n, float16: 0xfe34n, bfloat16: 0xffd3n };

/**
 * A runtime's output for x: a third of it random bits, a third the odd NaN, the rest x itself
 * (right where the op keeps x, wrong elsewhere).
 */
function runtimeOutput(dtype: FloatDType, x: ReluTypedArray, seed: number): ReluTypedArray {
  const y = randomBits(dtype, x.length, prng(seed));
  const [xs, ys] = [wordsOf(x), wordsOf(y)];
  for (let i = 0; i < x.length; i++) {
    if (i % 3 === 1) setPattern(ys, i, ODD_NaN[dtype]);
    if (i % 3 === 2) ys[i] = xs[i]!;
  }
  return y;
}

const wordsOf = (a: ReluTypedArray): (number | bigint)[] & ArrayLike<number | bigint> =>
  (a.BYTES_PER_ELEMENT === 2 ? new Uint16Array(a.buffer, a.byteOffset, a.length) : a.BYTES_PER_ELEMENT === 4 ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length)) as never;

function setPattern(words: ArrayLike<number | bigint>, i: number, pattern: bigint): void {
  (words as unknown as (number | bigint)[])[i] = words instanceof BigUint64Array ? pattern : Number(pattern);
}

const cases = [
  ...[0.01, 0, -0.5, 3, 2 ** -20].map((alpha) => ({
    label: `leakyRelu alpha = ${alpha}`,
    repair: (dtype: FloatDType, x: ReluTypedArray, y: ReluTypedArray) => LEAKY_RELU.repair(dtype, { alpha }, x, y),
    oracle: (dtype: FloatDType, bits: bigint) => leakyReluOracle(dtype, alpha, bits),
  })),
  { label: 'relu6', repair: (dtype: FloatDType, x: ReluTypedArray, y: ReluTypedArray) => RELU6.repair(dtype, {}, x, y), oracle: relu6Oracle },
];

describe.each(cases)('$label: repair gives SPEC.md\'s result', ({ repair, oracle }) => {
  it.each(FLOATS)('%s, every length across the chunk boundaries', (dtype) => {
    for (const length of LENGTHS) {
      const x = randomBits(dtype, length, prng(length + 1));
      const before = patternsOf(x);
      const y = runtimeOutput(dtype, x, length + 2);
      const given = patternsOf(y);
      repair(dtype, x, y);
      const repaired = patternsOf(y);
      expect(oracleMismatches(dtype, before, repaired, (bits) => oracle(dtype, bits)), `length ${length}`).toEqual([]);
      // The runtime's NaN is kept where SPEC.md gives a NaN; nothing else is its to choose.
      const lost = before.flatMap((bits, i) => (oracle(dtype, bits) === 'NaN' && given[i] === ODD_NaN[dtype] && repaired[i] !== given[i] ? [i] : []));
      expect(lost, `length ${length}: NaNs the runtime gave, overwritten`).toEqual([]);
      expect(patternsOf(x), 'x is not modified').toEqual(before);
    }
  });

  it('a subarray y (with a byteOffset) is repaired in place, and nothing outside it is touched', () => {
    const n = CHUNK_ELEMENTS + 3;
    const x = randomBits('float32', n, prng(9));
    const backing = new Float32Array(n + 2).fill(-1);
    const y = backing.subarray(1, n + 1);
    repair('float32', x, y);
    expect(oracleMismatches('float32', patternsOf(x), patternsOf(y), (bits) => oracle('float32', bits))).toEqual([]);
    expect([backing[0], backing[n + 1]]).toEqual([-1, -1]);
  });
});

describe('relu6 repair on integers: the clamp, whatever the runtime gave', () => {
  it.each(['int8', 'int16', 'int32', 'int64'] as const)('%s', (dtype) => {
    for (const length of [1, 300, CHUNK_ELEMENTS + 1]) {
      const x = randomBits(dtype, length, prng(length));
      const y = randomBits(dtype, length, prng(length + 7));
      const before = Array.from(x as ArrayLike<number | bigint>, (v) => BigInt(v));
      RELU6.repair(dtype, {}, x, y);
      expect(Array.from(y as ArrayLike<number | bigint>, (v) => BigInt(v))).toEqual(before.map(relu6IntegerOracle));
      expect(Array.from(x as ArrayLike<number | bigint>, (v) => BigInt(v))).toEqual(before);
    }
  });
});
