import type { DType, ReluTypedArray } from '../dtype.js';
import { HIGH_WORD, LOW_WORD } from './word-order.js';
import { int32Words, uint16Bits } from '../views.js';

/**
 * ReLU's canonical repair: repairs what a runtime computed so that it is SPEC.md's ReLU of the input, bit
 * for bit: x > 0 (subnormals and +Inf included) gives x; -0, negatives and -Inf give +0; a NaN
 * gives a NaN. Only deviating elements are written: a correct result (a NaN the runtime produced
 * for a NaN input included) is left as the runtime computed it, and what the runtime lost (a
 * flushed subnormal, a NaN turned into 0, a -0) is restored from the input. Integer ReLU has no
 * special values and every execution provider computes it exactly for the dtypes it lists (the
 * tests check it on random bit patterns), so integers are returned as computed.
 */
export function repairRelu(dtype: DType, x: ReluTypedArray, y: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return repairFloat32(int32Words(x), int32Words(y));
    case 'float64':
      return repairFloat64(int32Words(x), int32Words(y));
    case 'float16':
      return repairHalf(uint16Bits(x), uint16Bits(y), 0x7c00);
    case 'bfloat16':
      return repairHalf(uint16Bits(x), uint16Bits(y), 0x7f80);
    default:
      return;
  }
}

function repairFloat32(x: Int32Array, y: Int32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if ((v & 0x7fffffff) > 0x7f800000) {
      // NaN in: any NaN out; keep the runtime's NaN, else return the input's.
      if ((y[i]! & 0x7fffffff) <= 0x7f800000) y[i] = v;
    } else {
      // Not NaN: +0 for a set sign bit (-0, negatives, -Inf), else x itself. Branch-free.
      const expected = v & ~(v >> 31);
      if (y[i] !== expected) y[i] = expected;
    }
  }
}

function repairFloat64(x: Int32Array, y: Int32Array): void {
  const n = x.length;
  for (let i = 0; i < n; i += 2) {
    const lo = x[i + LOW_WORD]!;
    const hi = x[i + HIGH_WORD]!;
    const magnitude = hi & 0x7fffffff;
    if (magnitude > 0x7ff00000 || (magnitude === 0x7ff00000 && lo !== 0)) {
      const yHi = y[i + HIGH_WORD]! & 0x7fffffff;
      if (!(yHi > 0x7ff00000 || (yHi === 0x7ff00000 && y[i + LOW_WORD] !== 0))) {
        y[i + LOW_WORD] = lo;
        y[i + HIGH_WORD] = hi;
      }
    } else {
      const keep = ~(hi >> 31);
      const expectedLo = lo & keep;
      const expectedHi = hi & keep;
      if (y[i + LOW_WORD] !== expectedLo || y[i + HIGH_WORD] !== expectedHi) {
        y[i + LOW_WORD] = expectedLo;
        y[i + HIGH_WORD] = expectedHi;
      }
    }
  }
}

/** float16 (infinity 0x7c00) and bfloat16 (0x7f80) bits. */
function repairHalf(x: Uint16Array, y: Uint16Array, infinity: number): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if ((v & 0x7fff) > infinity) {
      if ((y[i]! & 0x7fff) <= infinity) y[i] = v;
    } else {
      const expected = v & 0x8000 ? 0 : v;
      if (y[i] !== expected) y[i] = expected;
    }
  }
}
