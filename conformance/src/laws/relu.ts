import { FLOAT_FORMATS, HIGH_WORD, type ReluTypedArray } from '@relu/core';
import { type LawKit, finite, negated, negationExact } from './law-kit.js';

type Scalar = number | bigint;

/** 2x on the bits, where exact: exponent + 1 for normals below the top binade, 2x for integers that do not overflow. */
function doubled(kit: LawKit, x: ReluTypedArray): { readonly y: ReluTypedArray; readonly exact: boolean[] } {
  const { dtype } = kit;
  const y = x.slice() as ReluTypedArray;
  const exact: boolean[] = [];
  const format = FLOAT_FORMATS[dtype];
  if (!format) {
    for (let i = 0; i < y.length; i++) {
      const twice = dtype === 'int64' ? (x as BigInt64Array)[i]! * 2n : (x[i] as number) * 2;
      (y as unknown as Scalar[])[i] = twice;
      exact.push(y[i] === twice);
    }
    return { y, exact };
  }
  const words = kit.words(y);
  const maxExponent = 2 ** format.exponentBits - 1;
  const bias = maxExponent >> 1;
  const [smallestNormal, topBinade] = [2 ** (1 - bias), 2 ** (maxExponent - 1 - bias)];
  for (let i = 0; i < y.length; i++) {
    const magnitude = Math.abs(kit.value(x, i) as number);
    const isNormal = magnitude >= smallestNormal && magnitude < topBinade;
    exact.push(isNormal);
    if (!isNormal) continue;
    if (dtype === 'float64') words[2 * i + HIGH_WORD] = words[2 * i + HIGH_WORD]! + 2 ** 20;
    else words[i] = words[i]! + 2 ** format.fractionBits;
  }
  return { y, exact };
}

/**
 * ReLU's laws (SPEC.md section 2): NaN in iff NaN out; no negative result and no -0;
 * idempotence; relu(x) + relu(-x) = |x| and relu(x) - relu(-x) = x for finite x; monotonicity
 * (on x and its negation); relu(2x) = 2 relu(x) where doubling is exact.
 */
export async function reluLaws(kit: LawKit, x: ReluTypedArray): Promise<void> {
  const { dtype } = kit;
  const y = await kit.run(x);
  const minusX = negated(dtype, x);
  const [yy, yMinus] = [await kit.run(y), await kit.run(minusX)];
  const { y: twoX, exact } = doubled(kit, x);
  const yTwo = await kit.run(twoX);
  for (let i = 0; i < x.length; i++) {
    if (!kit.counted(x, i)) continue;
    const at = `[${i}] x = ${kit.bits(x, i)}`;
    if (kit.isNaN(x, i) !== kit.isNaN(y, i)) kit.report(`${at}: NaN in iff NaN out, but relu gave ${kit.bits(y, i)}`);
    if (kit.isNaN(y, i)) continue;
    const v = kit.value(y, i);
    if (v < 0 || Object.is(v, -0)) kit.report(`${at}: relu gave ${kit.bits(y, i)}, a negative value or -0`);
    if (kit.counted(y, i) && !kit.same(yy, y, i)) kit.report(`${at}: not idempotent, relu(relu(x)) = ${kit.bits(yy, i)} but relu(x) = ${kit.bits(y, i)}`);
    const xv = kit.value(x, i);
    if (finite(xv) && negationExact(kit, x, minusX, i) && kit.counted(minusX, i) && !kit.isNaN(yMinus, i)) {
      const [p, q] = [kit.value(y, i), kit.value(yMinus, i)];
      const magnitude = xv < 0 ? -xv : xv;
      if ((p as number) + (q as number) !== magnitude || (p as number) - (q as number) != xv) {
        kit.report(`${at}: relu(x) = ${kit.bits(y, i)}, relu(-x) = ${kit.bits(yMinus, i)} do not split x: relu(x) + relu(-x) = |x|, relu(x) - relu(-x) = x`);
      }
      if (xv <= kit.value(minusX, i) ? p > q : p < q) kit.report(`${at}: not monotone against -x: relu(x) = ${kit.bits(y, i)}, relu(-x) = ${kit.bits(yMinus, i)}`);
    }
    if (exact[i] && kit.counted(twoX, i) && !kit.isNaN(yTwo, i)) {
      const twice = typeof v === 'bigint' ? v * 2n : v * 2;
      if (kit.value(yTwo, i) !== twice) kit.report(`${at}: relu(2x) = ${kit.bits(yTwo, i)} is not 2 relu(x) = 2 * ${kit.bits(y, i)}`);
    }
  }
}
