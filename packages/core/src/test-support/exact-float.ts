/**
 * An exact model of binary floating-point formats, for test oracles: decoding reads a pattern's
 * fields into a BigInt significand and a power of two, products are exact, and rounding to a
 * format is done once, on integers, with ties to even, gradual underflow and overflow to infinity.
 * It shares no code and no method with the kernels (which compute with JS numbers and bit masks),
 * so a kernel and this model can only agree by both being right.
 */
export interface Format {
  readonly exponentBits: number;
  readonly fractionBits: number;
}

export const FORMATS = {
  float64: { exponentBits: 11, fractionBits: 52 },
  float32: { exponentBits: 8, fractionBits: 23 },
  float16: { exponentBits: 5, fractionBits: 10 },
  bfloat16: { exponentBits: 8, fractionBits: 7 },
} as const satisfies Record<string, Format>;

/** A value: NaN, a signed infinity, or (-1)^negative * significand * 2^exponent (a signed zero when significand is 0). */
export type Exact =
  | { readonly kind: 'nan' }
  | { readonly kind: 'inf'; readonly negative: boolean }
  | { readonly kind: 'finite'; readonly negative: boolean; readonly significand: bigint; readonly exponent: number };

const bias = (f: Format): number => 2 ** (f.exponentBits - 1) - 1;

export function decode(format: Format, bits: bigint): Exact {
  const { exponentBits, fractionBits } = format;
  const negative = (bits >> BigInt(exponentBits + fractionBits)) & 1n ? true : false;
  const biased = Number((bits >> BigInt(fractionBits)) & ((1n << BigInt(exponentBits)) - 1n));
  const fraction = bits & ((1n << BigInt(fractionBits)) - 1n);
  if (biased === 2 ** exponentBits - 1) return fraction === 0n ? { kind: 'inf', negative } : { kind: 'nan' };
  if (biased === 0) return { kind: 'finite', negative, significand: fraction, exponent: 1 - bias(format) - fractionBits };
  return { kind: 'finite', negative, significand: fraction | (1n << BigInt(fractionBits)), exponent: biased - bias(format) - fractionBits };
}

/** The exact IEEE 754 product (the sign of a zero or infinity is the XOR of the signs; 0 * Inf is NaN). */
export function multiply(a: Exact, b: Exact): Exact {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  const negative = a.negative !== b.negative;
  const aZero = a.kind === 'finite' && a.significand === 0n;
  const bZero = b.kind === 'finite' && b.significand === 0n;
  if (a.kind === 'inf' || b.kind === 'inf') return aZero || bZero ? { kind: 'nan' } : { kind: 'inf', negative };
  if (a.kind !== 'finite' || b.kind !== 'finite') throw new Error('unreachable');
  return { kind: 'finite', negative, significand: a.significand * b.significand, exponent: a.exponent + b.exponent };
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** The pattern nearest to `value` in `format`, ties to even; a NaN gives the positive quiet NaN. */
export function encode(format: Format, value: Exact): bigint {
  const { exponentBits, fractionBits } = format;
  const signBit = 1n << BigInt(exponentBits + fractionBits);
  const maxBiased = 2 ** exponentBits - 1;
  const infinity = BigInt(maxBiased) << BigInt(fractionBits);
  if (value.kind === 'nan') return infinity | (1n << BigInt(fractionBits - 1));
  const sign = value.negative ? signBit : 0n;
  if (value.kind === 'inf') return sign | infinity;
  const { significand, exponent } = value;
  if (significand === 0n) return sign;
  const minQuantum = 1 - bias(format) - fractionBits; // the exponent of the smallest subnormal
  const topExponent = exponent + bitLength(significand) - 1;
  let quantum = Math.max(topExponent - fractionBits, minQuantum);
  let m: bigint;
  const shift = quantum - exponent;
  if (shift <= 0) m = significand << BigInt(-shift);
  else {
    m = significand >> BigInt(shift);
    const rest = significand & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  if (m === 1n << BigInt(fractionBits + 1)) {
    m >>= 1n;
    quantum += 1;
  }
  const hidden = 1n << BigInt(fractionBits);
  if (m < hidden) return sign | m;
  const biased = quantum + fractionBits + bias(format);
  if (biased >= maxBiased) return sign | infinity;
  return sign | (BigInt(biased) << BigInt(fractionBits)) | (m - hidden);
}

/** Compares a finite value with an integer exactly: negative, zero or positive like a - b. */
export function compareWithInteger(a: Exact & { kind: 'finite' }, b: bigint): number {
  // a = s * 2^e; compare s * 2^e with b by scaling the side with the negative power.
  const s = a.negative ? -a.significand : a.significand;
  const [left, right] = a.exponent >= 0 ? [s << BigInt(a.exponent), b] : [s, b << BigInt(-a.exponent)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The exact value of a JS number (a double). */
export function exactOfNumber(value: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return decode(FORMATS.float64, view.getBigUint64(0));
}
