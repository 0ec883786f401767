import type { ReluTypedArray } from '@relu/core';
import { type LawKit, finite, negated, negationExact } from './law-kit.js';

/**
 * ReLU6's laws (SPEC.md): NaN in iff NaN out; bounded in [0, 6] with no -0; idempotent
 * (relu6(relu6(x)) = relu6(x)); monotone (checked on x against -x).
 */
export async function relu6Laws(kit: LawKit, x: ReluTypedArray): Promise<void> {
  const { dtype } = kit;
  const y = await kit.run(x);
  const minusX = negated(dtype, x);
  const [yy, yMinus] = [await kit.run(y), await kit.run(minusX)];
  for (let i = 0; i < x.length; i++) {
    if (!kit.counted(x, i)) continue;
    const at = `[${i}] x = ${kit.bits(x, i)}`;
    if (kit.isNaN(x, i) !== kit.isNaN(y, i)) kit.report(`${at}: NaN in iff NaN out, but relu6 gave ${kit.bits(y, i)}`);
    if (kit.isNaN(y, i)) continue;
    const v = kit.value(y, i);
    if (v < 0 || v > 6 || Object.is(v, -0)) kit.report(`${at}: relu6 gave ${kit.bits(y, i)}, outside [+0, 6]`);
    if (kit.counted(y, i) && !kit.same(yy, y, i)) kit.report(`${at}: not idempotent, relu6(relu6(x)) = ${kit.bits(yy, i)} but relu6(x) = ${kit.bits(y, i)}`);
    const xv = kit.value(x, i);
    if (negationExact(kit, x, minusX, i) && kit.counted(minusX, i) && !kit.isNaN(yMinus, i) && (finite(xv) || !kit.isNaN(x, i))) {
      const [p, q] = [v, kit.value(yMinus, i)];
      if (xv <= kit.value(minusX, i) ? p > q : p < q) kit.report(`${at}: not monotone against -x: relu6(x) = ${kit.bits(y, i)}, relu6(-x) = ${kit.bits(yMinus, i)}`);
    }
  }
}
