import { FLOAT_FORMATS, type FloatFormat, BYTES_PER_ELEMENT, type DType, HIGH_WORD, LOW_WORD, type ReluTypedArray, wordsOf } from '@relu/core';

/**
 * Leaky ReLU written from SPEC.md, independent of @relu/core's kernels (which multiply in the
 * FPU): for a negative number x, the product alpha * x is formed exactly from the decoded
 * significands and exponents as an integer times a power of two, then rounded once to the
 * dtype by an explicit round-to-nearest-even, with gradual underflow and overflow to infinity.
 * alpha is the caller's double for float64 and its float32 rounding for the other dtypes. Every
 * other input is returned bit for bit (+0, -0, positives, +Inf, NaN); -Inf gives alpha * -Inf
 * (an infinity, or a NaN for alpha = 0).
 *
 * The significand product is at most 24 x 24 bits for float32 (48 bits), so for the 32- and
 * 16-bit dtypes it is an exact integer in a double and every step below is exact integer
 * arithmetic on doubles; float64's 53 x 53 bits need BigInt.
 */
export function leakyReluOracle(dtype: DType, attributes: { readonly alpha?: number }, input: ReluTypedArray, output: ReluTypedArray): void {
  const format = FLOAT_FORMATS[dtype];
  if (!format) throw new TypeError(`leakyReluOracle: leakyRelu is not defined on ${dtype}`);
  const { alpha } = attributes;
  if (alpha === undefined) throw new TypeError('leakyReluOracle: attributes.alpha is missing (the sweep passes every attribute, defaults filled in)');
  if (BYTES_PER_ELEMENT[dtype] === 8) leakyFloat64(alpha, wordsOf(input), wordsOf(output), input.length);
  else leakyNarrow(format, Math.fround(alpha), wordsOf(input), wordsOf(output), input.length);
}

/** 2^k for the exponents the narrow formats reach, looked up instead of computed per element. */
const POW2_OFFSET = 600;
const POW2 = Float64Array.from({ length: 2 * POW2_OFFSET + 1 }, (_, k) => 2 ** (k - POW2_OFFSET));

function leakyNarrow(format: FloatFormat, alpha32: number, from: ArrayLike<number>, to: { [i: number]: number }, n: number): void {
  const { exponentBits: E, fractionBits: F } = format;
  const maxExponent = 2 ** E - 1;
  const bias = 2 ** (E - 1) - 1;
  const hidden = 2 ** F;
  const signBit = 2 ** (E + F);
  const infinity = maxExponent * hidden;
  const minExponent = 1 - bias - F; // weight of the smallest subnormal's bit
  // alpha's fields: value = alphaSignificand * 2^alphaExponent
  const alphaBits = new Uint32Array(new Float32Array([alpha32]).buffer)[0]!;
  const alphaSign = alphaBits >>> 31;
  const alphaBiased = (alphaBits >>> 23) & 0xff;
  const alphaSignificand = alphaBiased === 0 ? alphaBits & 0x7fffff : (alphaBits & 0x7fffff) + 2 ** 23;
  const alphaExponent = Math.max(alphaBiased, 1) - 127 - 23;
  const alphaLength = 32 - Math.clz32(alphaSignificand);
  const productSign = alphaSign === 1 ? 0 : signBit; // x < 0, so the product's sign is the opposite of alpha's
  const fromNegativeInfinity = alphaSignificand === 0 ? infinity + hidden / 2 : productSign + infinity;
  for (let i = 0; i < n; i++) {
    const bits = from[i]!;
    const negative = bits >>> (E + F) === 1;
    const biased = (bits >>> F) & maxExponent;
    const fraction = bits & (hidden - 1);
    if (!negative || (biased === 0 && fraction === 0) || (biased === maxExponent && fraction !== 0)) {
      to[i] = bits; // +0, positives, +Inf, -0, NaN
      continue;
    }
    if (biased === maxExponent) {
      to[i] = fromNegativeInfinity;
      continue;
    }
    const product = (biased === 0 ? fraction : hidden + fraction) * alphaSignificand; // exact, < 2^53
    if (product === 0) {
      to[i] = productSign; // alpha = ±0: a zero of the product's sign
      continue;
    }
    const exponent = Math.max(biased, 1) - bias - F + alphaExponent; // product * 2^exponent is alpha * x
    // Bit length of the product: that of the factors' sum, or one less.
    const lengths = (biased === 0 ? 32 - Math.clz32(fraction) : F + 1) + alphaLength;
    const length = product >= POW2[POW2_OFFSET + lengths - 1]! ? lengths : lengths - 1;
    // The result's last bit: F bits below the leading one, but never below the smallest subnormal's.
    let last = Math.max(exponent + length - 1 - F, minExponent);
    const shift = last - exponent;
    let significand: number;
    if (shift <= 0) {
      significand = product * POW2[POW2_OFFSET - shift]!; // exact: fewer than F + 1 bits
    } else {
      significand = Math.floor(product * POW2[POW2_OFFSET - shift]!);
      const rest = product - significand * POW2[POW2_OFFSET + shift]!;
      const half = POW2[POW2_OFFSET + shift - 1]!;
      if (rest > half || (rest === half && (significand & 1) === 1)) significand++;
    }
    if (significand === 2 * hidden) {
      significand = hidden; // rounding carried into a new binade
      last++;
    }
    if (significand < hidden) {
      to[i] = productSign + significand; // subnormal (or a zero it rounded to)
      continue;
    }
    const resultBiased = last + F + bias;
    to[i] = resultBiased >= maxExponent ? productSign + infinity : productSign + resultBiased * hidden + (significand - hidden);
  }
}

function leakyFloat64(alpha: number, from: ArrayLike<number>, to: { [i: number]: number }, n: number): void {
  const F = 52n;
  const hidden = 1n << F;
  const maxExponent = 0x7ff;
  const minExponent = 1n - 1023n - F;
  const alphaBits = new BigUint64Array(new Float64Array([alpha]).buffer)[0]!;
  const alphaSign = Number(alphaBits >> 63n);
  const alphaBiased = Number((alphaBits >> F) & 0x7ffn);
  const alphaFraction = alphaBits & (hidden - 1n);
  const alphaSignificand = alphaBiased === 0 ? alphaFraction : hidden + alphaFraction;
  const alphaExponent = BigInt(Math.max(alphaBiased, 1)) - 1023n - F;
  const productSignHigh = alphaSign === 1 ? 0 : 0x80000000;
  for (let i = 0; i < n; i++) {
    const high = from[2 * i + HIGH_WORD]!;
    const low = from[2 * i + LOW_WORD]!;
    const biased = (high >>> 20) & 0x7ff;
    const fractionIsZero = (high & 0xfffff) === 0 && low === 0;
    const write = (h: number, l: number) => {
      to[2 * i + HIGH_WORD] = h >>> 0;
      to[2 * i + LOW_WORD] = l >>> 0;
    };
    if (high >>> 31 === 0 || (biased === 0 && fractionIsZero) || (biased === maxExponent && !fractionIsZero)) {
      write(high, low);
      continue;
    }
    if (biased === maxExponent) {
      if (alphaSignificand === 0n) write(0x7ff80000, 0);
      else write(productSignHigh + 0x7ff00000, 0);
      continue;
    }
    const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
    const product = (biased === 0 ? fraction : hidden + fraction) * alphaSignificand;
    if (product === 0n) {
      write(productSignHigh, 0);
      continue;
    }
    const exponent = BigInt(Math.max(biased, 1)) - 1023n - F + alphaExponent;
    let length = BigInt(Math.floor(Math.log2(Number(product))) + 1);
    if (1n << (length - 1n) > product) length--; // Number(product) may have rounded up to a power of two
    let last = exponent + length - 1n - F > minExponent ? exponent + length - 1n - F : minExponent;
    const shift = last - exponent;
    let significand: bigint;
    if (shift <= 0n) {
      significand = product << -shift;
    } else {
      significand = product >> shift;
      const rest = product - (significand << shift);
      const half = 1n << (shift - 1n);
      if (rest > half || (rest === half && (significand & 1n) === 1n)) significand++;
    }
    if (significand === 2n * hidden) {
      significand = hidden;
      last++;
    }
    let bits: bigint;
    if (significand < hidden) bits = significand;
    else {
      const resultBiased = last + F + 1023n;
      bits = resultBiased >= BigInt(maxExponent) ? BigInt(maxExponent) << F : (resultBiased << F) | (significand - hidden);
    }
    write(productSignHigh + Number(bits >> 32n), Number(bits & 0xffffffffn));
  }
}
