import type { DType, ReluTypedArray } from '../dtype.js';
import { allocate } from '../dtype.js';
import { int32Words, uint16Bits } from '../views.js';
import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * Canonical repair for any op with a reference kernel: computes the reference and writes it into
 * `y` wherever the two differ, except that a NaN in `y` where the reference is a NaN is kept (any
 * NaN stands for any NaN).
 */
export function repairFromReference(
  dtype: DType,
  forward: (src: ReluTypedArray, dst: ReluTypedArray) => void,
  x: ReluTypedArray,
  y: ReluTypedArray,
): void {
  const expected = allocate(dtype, x.length) as ReluTypedArray;
  forward(x, expected);
  switch (dtype) {
    case 'float32': {
      const e = int32Words(expected);
      const a = int32Words(y);
      for (let i = 0, n = e.length; i < n; i++) {
        const want = e[i]!;
        if (a[i] !== want && !((want & 0x7fffffff) > 0x7f800000 && (a[i]! & 0x7fffffff) > 0x7f800000)) a[i] = want;
      }
      return;
    }
    case 'float64': {
      const e = int32Words(expected);
      const a = int32Words(y);
      const isNaN = (w: Int32Array, i: number) => {
        const hi = w[2 * i + HIGH_WORD]! & 0x7fffffff;
        return hi > 0x7ff00000 || (hi === 0x7ff00000 && w[2 * i + LOW_WORD] !== 0);
      };
      for (let i = 0, n = x.length; i < n; i++) {
        const h = 2 * i + HIGH_WORD;
        const l = 2 * i + LOW_WORD;
        if ((a[h] !== e[h] || a[l] !== e[l]) && !(isNaN(e, i) && isNaN(a, i))) {
          a[h] = e[h]!;
          a[l] = e[l]!;
        }
      }
      return;
    }
    case 'float16':
    case 'bfloat16': {
      const infinity = dtype === 'float16' ? 0x7c00 : 0x7f80;
      const e = uint16Bits(expected);
      const a = uint16Bits(y);
      for (let i = 0, n = e.length; i < n; i++) {
        const want = e[i]!;
        if (a[i] !== want && !((want & 0x7fff) > infinity && (a[i]! & 0x7fff) > infinity)) a[i] = want;
      }
      return;
    }
    default:
      (y as Int32Array).set(expected as Int32Array);
  }
}
