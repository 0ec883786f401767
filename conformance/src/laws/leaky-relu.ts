import { FLOAT_FORMATS, type ReluTypedArray, bfloat16BitsToNumber, float16BitsToNumber, roundToFloatBits } from '@relu/core';
import { type LawKit, negated } from './law-kit.js';

/** The alpha SPEC.md applies: the caller's double for float64, its float32 rounding otherwise. */
function effectiveAlpha(kit: LawKit): number {
  const { alpha } = kit.context.attributes;
  if (alpha === undefined) throw new TypeError('leakyRelu laws: the context has no alpha (attributes come with every default filled in)');
  return kit.dtype === 'float64' ? alpha : Math.fround(alpha);
}

/** Dekker's split and product error (exact for doubles far from overflow and underflow): 0 when a * b is exact. */
function productError(a: number, b: number): number {
  const split = (v: number) => {
    const t = 134217729 * v;
    const high = t - (t - v);
    return [high, v - high] as const;
  };
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** alpha * x when the product is exact and representable in the dtype, else undefined. */
function exactProduct(kit: LawKit, alpha: number, x: number): number | undefined {
  const p = alpha * x; // exact in a double for the 32- and 16-bit dtypes: at most 24 + 24 significant bits
  switch (kit.dtype) {
    case 'float32':
      return Math.fround(p) === p ? p : undefined;
    case 'float16':
    case 'bfloat16': {
      const { exponentBits, fractionBits } = FLOAT_FORMATS[kit.dtype]!;
      const decode = kit.dtype === 'float16' ? float16BitsToNumber : bfloat16BitsToNumber;
      return decode(roundToFloatBits(p, exponentBits, fractionBits)) === p ? p : undefined;
    }
    default: {
      const magnitude = Math.abs(p);
      const safe = magnitude > 2 ** -960 && magnitude < 2 ** 960 && Math.abs(alpha) > 2 ** -500 && Math.abs(x) > 2 ** -500;
      return safe && productError(alpha, x) === 0 ? p : undefined;
    }
  }
}

/**
 * Leaky ReLU's laws (SPEC.md): NaN in iff NaN out, except that alpha = 0 maps -Inf to NaN (0 *
 * Inf); +0, -0, positives and +Inf come back bit for bit; odd-scaled, leakyRelu(-x) = -(alpha x)
 * for x > 0 where the product is exact; for alpha >= 0 monotone (x against -x) and sign-keeping
 * (a negative x gives a result <= 0).
 */
export async function leakyReluLaws(kit: LawKit, x: ReluTypedArray): Promise<void> {
  const { dtype } = kit;
  const alpha = effectiveAlpha(kit);
  const y = await kit.run(x);
  const minusX = negated(dtype, x);
  const yMinus = await kit.run(minusX);
  for (let i = 0; i < x.length; i++) {
    if (!kit.counted(x, i)) continue;
    const at = `[${i}] x = ${kit.bits(x, i)} (alpha ${alpha})`;
    const xv = kit.value(x, i) as number;
    const nanExpected = kit.isNaN(x, i) || (xv === -Infinity && alpha === 0);
    if (nanExpected !== kit.isNaN(y, i)) kit.report(`${at}: a NaN must come out exactly for a NaN in (or -Inf with alpha = 0), but leakyRelu gave ${kit.bits(y, i)}`);
    if (kit.isNaN(y, i)) continue;
    const negative = xv < 0;
    if (!negative && !kit.same(x, y, i)) kit.report(`${at}: leakyRelu gave ${kit.bits(y, i)}; +0, -0, positives and +Inf come back bit for bit`);
    const v = kit.value(y, i) as number;
    if (negative && alpha >= 0 && v > 0) kit.report(`${at}: leakyRelu gave ${kit.bits(y, i)} > 0 for a negative x with alpha >= 0`);
    if (!kit.counted(minusX, i) || kit.isNaN(yMinus, i)) continue;
    const q = kit.value(yMinus, i) as number;
    if (xv > 0 && Number.isFinite(xv)) {
      const product = exactProduct(kit, alpha, xv);
      if (product !== undefined && !Object.is(q, -product)) kit.report(`${at}: leakyRelu(-x) = ${kit.bits(yMinus, i)}, but -(alpha x) = ${-product} is exact`);
    }
    if (alpha >= 0 && (xv <= -xv ? v > q : v < q)) kit.report(`${at}: not monotone against -x: leakyRelu(x) = ${kit.bits(y, i)}, leakyRelu(-x) = ${kit.bits(yMinus, i)}`);
  }
}
