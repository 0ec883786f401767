import { type DType, type ReluTypedArray, allocate, prng } from '@relu/core';

/**
 * Which bit patterns a sweep feeds a subject, per dtype:
 * - exhaustive: every pattern (2^32 for float32; every 8- and 16-bit dtype is always exhaustive);
 * - stratified: every sign x exponent pair (every sign x bit length for integers), each with its
 *   extreme mantissas and seeded random ones, after the ops' kinks and their neighbours (6 and
 *   the numbers on either side of it for relu6);
 * - quick: the stratified plan with fewer random mantissas per stratum.
 */
export type SweepKind = 'exhaustive' | 'stratified' | 'quick';

export interface SweepPlan {
  readonly dtype: DType;
  readonly kind: SweepKind;
  /** What the plan actually is, e.g. 'exhaustive 2^32' or 'stratified 512 strata x 32768'. */
  readonly description: string;
  readonly total: number;
  /**
   * Chunks of at most chunkElements inputs; the same array may be refilled between chunks.
   * `start` is set when the chunk is the contiguous patterns [start, start + length).
   */
  chunks(): Generator<{ readonly input: ReluTypedArray; readonly start?: number }>;
}

export interface PlanOptions {
  readonly seed: number;
  /** Largest chunk handed to a backend at once. */
  readonly chunkElements: number;
  /** Inputs where some swept op's definition changes (op.kinks); stratified plans include each and its neighbours. */
  readonly kinks?: readonly number[];
}

const PER_STRATUM: Readonly<Record<DType, Record<'stratified' | 'quick', number>>> = {
  // float32: 512 strata; 'stratified' is 2^24 inputs in all.
  float32: { stratified: 32768, quick: 1024 },
  // float64: 4096 strata.
  float64: { stratified: 512, quick: 32 },
  // int32: 64 sign x bit-length strata; int64: 128.
  int32: { stratified: 8192, quick: 256 },
  int64: { stratified: 4096, quick: 128 },
  float16: { stratified: 0, quick: 0 },
  bfloat16: { stratified: 0, quick: 0 },
  int8: { stratified: 0, quick: 0 },
  int16: { stratified: 0, quick: 0 },
};

/** The dtypes whose whole pattern space is small enough to sweep on every run. */
const ALWAYS_EXHAUSTIVE: readonly DType[] = ['float16', 'bfloat16', 'int8', 'int16'];

export function planSweep(dtype: DType, requested: SweepKind, options: PlanOptions): SweepPlan {
  const kind: SweepKind = ALWAYS_EXHAUSTIVE.includes(dtype) ? 'exhaustive' : dtype === 'float32' ? requested : requested === 'exhaustive' ? 'stratified' : requested;
  if (kind === 'exhaustive') return exhaustivePlan(dtype, options);
  return stratifiedPlan(dtype, kind, PER_STRATUM[dtype][kind], options);
}

function exhaustivePlan(dtype: DType, { chunkElements }: PlanOptions): SweepPlan {
  const bits = dtype === 'int8' ? 8 : dtype === 'float32' ? 32 : 16;
  const total = 2 ** bits;
  return {
    dtype,
    kind: 'exhaustive',
    description: `exhaustive: all 2^${bits} patterns`,
    total,
    *chunks() {
      const size = Math.min(chunkElements, total);
      const input = allocate(dtype, size);
      const words = bits === 32 ? new Uint32Array(input.buffer) : bits === 16 ? new Uint16Array(input.buffer) : new Uint8Array(input.buffer);
      for (let start = 0; start < total; start += size) {
        for (let i = 0; i < size; i++) words[i] = start + i;
        yield { input, start };
      }
    },
  };
}

/** One stratum: yields `count` inputs, its extremes first, then seeded random ones. */
type Stratum = (count: number, random: () => number) => Iterable<number | bigint>;

/** Bit patterns (floats) or values (integers) of each kink and its neighbours: the next number down and up. */
function kinkPatterns(dtype: DType, kinks: readonly number[]): (number | bigint)[] {
  const patterns: (number | bigint)[] = [];
  for (const kink of new Set(kinks.filter((k) => k !== 0))) {
    if (dtype === 'int32') patterns.push(kink - 1, kink, kink + 1);
    else if (dtype === 'int64') patterns.push(BigInt(kink) - 1n, BigInt(kink), BigInt(kink) + 1n);
    else if (dtype === 'float32') {
      const bits = new Uint32Array(new Float32Array([kink]).buffer)[0]!;
      patterns.push(bits - 1, bits, bits + 1);
    } else if (dtype === 'float64') {
      const bits = new BigUint64Array(new Float64Array([kink]).buffer)[0]!;
      patterns.push(bits - 1n, bits, bits + 1n);
    }
  }
  return patterns;
}

function stratifiedPlan(dtype: DType, kind: 'stratified' | 'quick', perStratum: number, { seed, chunkElements, kinks = [] }: PlanOptions): SweepPlan {
  const edges = kinkPatterns(dtype, kinks);
  const strata: Stratum[] = [...(edges.length > 0 ? [() => edges] : []), ...stratumFillers(dtype)];
  const total = edges.length + (strata.length - (edges.length > 0 ? 1 : 0)) * perStratum;
  return {
    dtype,
    kind,
    description: `${kind}: ${strata.length - (edges.length > 0 ? 1 : 0)} strata (${dtype.startsWith('int') ? 'sign x bit length' : 'sign x exponent'}) x ${perStratum} (extremes + random, seed ${seed})${edges.length > 0 ? ` + ${edges.length} kink neighbours` : ''}`,
    total,
    *chunks() {
      const random = prng(seed);
      const buffer = allocate(dtype, Math.min(chunkElements, total));
      const words = (dtype === 'float64' ? new BigUint64Array(buffer.buffer) : dtype === 'float32' ? new Uint32Array(buffer.buffer) : buffer) as unknown as (number | bigint)[];
      let filled = 0;
      for (const stratum of strata) {
        for (const value of stratum(perStratum, random)) {
          words[filled++] = value;
          if (filled === buffer.length) {
            yield { input: buffer };
            filled = 0;
          }
        }
      }
      if (filled > 0) yield { input: buffer.subarray(0, filled) };
    },
  };
}

/** Random integer in [0, 2^bits) for bits <= 53, from two 32-bit draws when needed. */
function randomBits(random: () => number, bits: number): number {
  if (bits <= 32) return bits === 32 ? random() : random() % 2 ** bits;
  return (random() % 2 ** (bits - 32)) * 2 ** 32 + random();
}

function floatStrata(exponentBits: number, fractionBits: number): Stratum[] {
  const maxFraction = 2 ** fractionBits - 1;
  const quietBit = 2 ** (fractionBits - 1);
  const extremes = [0, 1, 2, quietBit - 1, quietBit, quietBit + 1, maxFraction - 1, maxFraction];
  const strata: Stratum[] = [];
  for (let sign = 0; sign < 2; sign++) {
    for (let exponent = 0; exponent < 2 ** exponentBits; exponent++) {
      strata.push(function* (count, random) {
        for (let k = 0; k < count; k++) {
          const fraction = k < extremes.length ? extremes[k]! : randomBits(random, fractionBits);
          if (fractionBits > 32) yield (BigInt(sign) << 63n) | (BigInt(exponent) << BigInt(fractionBits)) | BigInt(fraction);
          else yield (sign * 2 ** 31 + exponent * 2 ** fractionBits + fraction) >>> 0;
        }
      });
    }
  }
  return strata;
}

function intStrata(bits: 32 | 64): Stratum[] {
  const strata: Stratum[] = [];
  for (const sign of [1n, -1n]) {
    for (let length = 0; length <= bits; length++) {
      // +2^(bits-1) does not fit; -0 is +0; of bit length `bits` only the minimum value fits.
      if ((sign === 1n && length === bits) || (sign === -1n && length === 0)) continue;
      const low = length === 0 ? 0n : 1n << BigInt(length - 1);
      const span = length === 0 || length === bits ? 1n : low; // magnitudes [low, low + span)
      strata.push(function* (count, random) {
        for (let k = 0; k < count; k++) {
          const offset = k === 0 ? 0n : k === 1 ? span - 1n : ((BigInt(random()) << 32n) | BigInt(random())) % span;
          const value = sign * (low + offset);
          yield bits === 32 ? Number(value) : value;
        }
      });
    }
  }
  return strata;
}

function stratumFillers(dtype: DType): Stratum[] {
  switch (dtype) {
    case 'float32':
      return floatStrata(8, 23);
    case 'float64':
      return floatStrata(11, 52);
    case 'int32':
      return intStrata(32);
    case 'int64':
      return intStrata(64);
    default:
      throw new RangeError(`planSweep: ${dtype} is always swept exhaustively`);
  }
}
