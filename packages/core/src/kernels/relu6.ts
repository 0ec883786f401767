import type { DType, ReluTypedArray } from '../dtype.js';
import { int32Words, uint16Bits } from '../views.js';
import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * ReLU6, SPEC.md: min(max(x, 0), 6) on bit patterns. A NaN is kept; a set sign bit (-0, negatives,
 * -Inf) gives +0; a positive pattern at or above the bits of 6 (6, larger numbers, +Inf) gives
 * the bits of 6, because non-negative floats order like their bits. Integers are clamped to [0, 6].
 */
const SIX_FLOAT32 = 0x40c00000;
const SIX_FLOAT64_HIGH = 0x40180000;
const SIX_FLOAT16 = 0x4600;
const SIX_BFLOAT16 = 0x40c0;

export function relu6Into(dtype: DType, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float32': {
      const s = int32Words(src);
      const d = int32Words(dst);
      for (let i = 0, n = s.length; i < n; i++) {
        const v = s[i]!;
        d[i] = (v & 0x7fffffff) > 0x7f800000 ? v : v < 0 ? 0 : v >= SIX_FLOAT32 ? SIX_FLOAT32 : v;
      }
      return;
    }
    case 'float64': {
      const s = int32Words(src);
      const d = int32Words(dst);
      for (let i = 0, n = src.length; i < n; i++) {
        const hi = s[2 * i + HIGH_WORD]!;
        const lo = s[2 * i + LOW_WORD]!;
        const magnitudeHi = hi & 0x7fffffff;
        const isNaN = magnitudeHi > 0x7ff00000 || (magnitudeHi === 0x7ff00000 && lo !== 0);
        let outHi = hi;
        let outLo = lo;
        if (!isNaN && hi < 0) outHi = outLo = 0;
        else if (!isNaN && hi >= SIX_FLOAT64_HIGH) {
          outHi = SIX_FLOAT64_HIGH;
          outLo = 0;
        }
        d[2 * i + HIGH_WORD] = outHi;
        d[2 * i + LOW_WORD] = outLo;
      }
      return;
    }
    case 'float16':
      return relu6Half(uint16Bits(src), uint16Bits(dst), 0x7c00, SIX_FLOAT16);
    case 'bfloat16':
      return relu6Half(uint16Bits(src), uint16Bits(dst), 0x7f80, SIX_BFLOAT16);
    case 'int8':
    case 'int16':
    case 'int32': {
      const s = src as Int32Array;
      const d = dst as Int32Array;
      for (let i = 0, n = s.length; i < n; i++) {
        const v = s[i]!;
        d[i] = v < 0 ? 0 : v > 6 ? 6 : v;
      }
      return;
    }
    case 'int64': {
      const s = src as BigInt64Array;
      const d = dst as BigInt64Array;
      for (let i = 0, n = s.length; i < n; i++) {
        const v = s[i]!;
        d[i] = v < 0n ? 0n : v > 6n ? 6n : v;
      }
      return;
    }
  }
}

function relu6Half(src: Uint16Array, dst: Uint16Array, infinity: number, six: number): void {
  for (let i = 0, n = src.length; i < n; i++) {
    const v = src[i]!;
    dst[i] = (v & 0x7fff) > infinity ? v : v & 0x8000 ? 0 : v >= six ? six : v;
  }
}

/**
 * The gradient, SPEC.md: dx = dy where 0 < x < 6, a NaN (x itself) where x is NaN, +0 elsewhere
 * (both kinks included), whatever dy holds there.
 */
export function relu6BackwardInto(dtype: DType, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32': {
      const xb = int32Words(x);
      const dyb = int32Words(dy);
      const dxb = int32Words(dx);
      for (let i = 0, n = xb.length; i < n; i++) {
        const v = xb[i]!;
        dxb[i] = (v & 0x7fffffff) > 0x7f800000 ? v : v > 0 && v < SIX_FLOAT32 ? dyb[i]! : 0;
      }
      return;
    }
    case 'float64': {
      const xw = int32Words(x);
      const dyw = int32Words(dy);
      const dxw = int32Words(dx);
      for (let i = 0, n = x.length; i < n; i++) {
        const hi = xw[2 * i + HIGH_WORD]!;
        const lo = xw[2 * i + LOW_WORD]!;
        const magnitudeHi = hi & 0x7fffffff;
        const h = 2 * i + HIGH_WORD;
        const l = 2 * i + LOW_WORD;
        if (magnitudeHi > 0x7ff00000 || (magnitudeHi === 0x7ff00000 && lo !== 0)) {
          dxw[h] = hi;
          dxw[l] = lo;
        } else if ((hi > 0 || (hi === 0 && lo !== 0)) && hi < SIX_FLOAT64_HIGH) {
          dxw[h] = dyw[h]!;
          dxw[l] = dyw[l]!;
        } else dxw[h] = dxw[l] = 0;
      }
      return;
    }
    case 'float16':
    case 'bfloat16': {
      const [infinity, six] = dtype === 'float16' ? [0x7c00, SIX_FLOAT16] : [0x7f80, SIX_BFLOAT16];
      const xb = uint16Bits(x);
      const dyb = uint16Bits(dy);
      const dxb = uint16Bits(dx);
      for (let i = 0, n = xb.length; i < n; i++) {
        const v = xb[i]!;
        dxb[i] = (v & 0x7fff) > infinity ? v : v > 0 && v < six ? dyb[i]! : 0;
      }
      return;
    }
    case 'int8':
    case 'int16':
    case 'int32': {
      const xs = x as Int32Array;
      const dys = dy as Int32Array;
      const dxs = dx as Int32Array;
      for (let i = 0, n = xs.length; i < n; i++) {
        const v = xs[i]!;
        dxs[i] = v > 0 && v < 6 ? dys[i]! : 0;
      }
      return;
    }
    case 'int64': {
      const xs = x as BigInt64Array;
      const dys = dy as BigInt64Array;
      const dxs = dx as BigInt64Array;
      for (let i = 0, n = xs.length; i < n; i++) {
        const v = xs[i]!;
        dxs[i] = v > 0n && v < 6n ? dys[i]! : 0n;
      }
      return;
    }
  }
}
