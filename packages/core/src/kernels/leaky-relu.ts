import type { DType, ReluTypedArray } from '../dtype.js';
import { bfloat16BitsToNumber, float16BitsToNumber } from '../bits.js';
import { int32Words, uint16Bits } from '../views.js';
import { roundToFloatBits } from './round-to-float-bits.js';
import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * Leaky ReLU, SPEC.md: y = x < 0 ? alpha * x rounded once to the dtype : x. alpha is the caller's
 * double for float64 and its float32 rounding for the other dtypes; for those, the product of a
 * float32 alpha and the element is exact in a double (at most 24 + 24 significant bits), so
 * rounding that double once to the dtype is the single rounding SPEC.md requires.
 * Elements that are not negative numbers (+0, -0, positives, NaN) are copied as bits.
 */
export function leakyReluInto(dtype: DType, alpha: number, src: ReluTypedArray, dst: ReluTypedArray): void {
  switch (dtype) {
    case 'float32':
      return leakyFloat32(Math.fround(alpha), src as Float32Array, dst as Float32Array);
    case 'float64':
      return leakyFloat64(alpha, src as Float64Array, dst as Float64Array);
    case 'float16':
      return leakyHalf(Math.fround(alpha), uint16Bits(src), uint16Bits(dst), float16BitsToNumber, 5, 10, 0xfc00);
    case 'bfloat16':
      return leakyHalf(Math.fround(alpha), uint16Bits(src), uint16Bits(dst), bfloat16BitsToNumber, 8, 7, 0xff80);
    default:
      throw new TypeError(`leakyRelu: dtype '${dtype}' is not a floating-point dtype`);
  }
}

function leakyFloat32(alpha: number, src: Float32Array, dst: Float32Array): void {
  const srcBits = int32Words(src);
  const dstBits = int32Words(dst);
  for (let i = 0, n = src.length; i < n; i++) {
    const v = srcBits[i]!;
    // Negative numbers: int32 in [0x80000001, 0xff800000] (-0 excluded, negative NaNs above).
    if (v < 0 && v !== -0x80000000 && v <= -8388608) dst[i] = alpha * src[i]!;
    else dstBits[i] = v;
  }
}

function leakyFloat64(alpha: number, src: Float64Array, dst: Float64Array): void {
  const srcWords = int32Words(src);
  const dstWords = int32Words(dst);
  for (let i = 0, n = src.length; i < n; i++) {
    const hi = srcWords[2 * i + HIGH_WORD]!;
    const lo = srcWords[2 * i + LOW_WORD]!;
    const magnitudeHi = hi & 0x7fffffff;
    const isNaN = magnitudeHi > 0x7ff00000 || (magnitudeHi === 0x7ff00000 && lo !== 0);
    const isNegativeZero = hi === -0x80000000 && lo === 0;
    if (hi < 0 && !isNaN && !isNegativeZero) dst[i] = alpha * src[i]!;
    else {
      dstWords[2 * i + HIGH_WORD] = hi;
      dstWords[2 * i + LOW_WORD] = lo;
    }
  }
}

function leakyHalf(
  alpha: number,
  src: Uint16Array,
  dst: Uint16Array,
  value: (bits: number) => number,
  exponentBits: number,
  fractionBits: number,
  negativeInfinity: number,
): void {
  for (let i = 0, n = src.length; i < n; i++) {
    const v = src[i]!;
    if (v > 0x8000 && v <= negativeInfinity) dst[i] = roundToFloatBits(alpha * value(v), exponentBits, fractionBits);
    else dst[i] = v;
  }
}

/**
 * The gradient, SPEC.md: dx = dy where x > 0, a NaN (x itself) where x is NaN, and alpha * dy
 * rounded once where x <= 0 (both zeros and -Inf included).
 */
export function leakyReluBackwardInto(dtype: DType, alpha: number, x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void {
  switch (dtype) {
    case 'float32': {
      const a = Math.fround(alpha);
      const xb = int32Words(x);
      const dyb = int32Words(dy);
      const dxb = int32Words(dx);
      const dyf = dy as Float32Array;
      const dxf = dx as Float32Array;
      for (let i = 0, n = x.length; i < n; i++) {
        const v = xb[i]!;
        if ((v & 0x7fffffff) > 0x7f800000) dxb[i] = v;
        else if (v > 0) dxb[i] = dyb[i]!;
        else dxf[i] = a * dyf[i]!;
      }
      return;
    }
    case 'float64': {
      const xw = int32Words(x);
      const dyf = dy as Float64Array;
      const dxf = dx as Float64Array;
      const dxw = int32Words(dx);
      const dyw = int32Words(dy);
      for (let i = 0, n = x.length; i < n; i++) {
        const hi = xw[2 * i + HIGH_WORD]!;
        const lo = xw[2 * i + LOW_WORD]!;
        const magnitudeHi = hi & 0x7fffffff;
        if (magnitudeHi > 0x7ff00000 || (magnitudeHi === 0x7ff00000 && lo !== 0)) {
          dxw[2 * i + HIGH_WORD] = hi;
          dxw[2 * i + LOW_WORD] = lo;
        } else if (hi > 0 || (hi === 0 && lo !== 0)) {
          dxw[2 * i + HIGH_WORD] = dyw[2 * i + HIGH_WORD]!;
          dxw[2 * i + LOW_WORD] = dyw[2 * i + LOW_WORD]!;
        } else dxf[i] = alpha * dyf[i]!;
      }
      return;
    }
    case 'float16':
    case 'bfloat16': {
      const a = Math.fround(alpha);
      const [value, exponentBits, fractionBits, infinity] =
        dtype === 'float16' ? [float16BitsToNumber, 5, 10, 0x7c00] as const : [bfloat16BitsToNumber, 8, 7, 0x7f80] as const;
      const xb = uint16Bits(x);
      const dyb = uint16Bits(dy);
      const dxb = uint16Bits(dx);
      for (let i = 0, n = x.length; i < n; i++) {
        const v = xb[i]!;
        if ((v & 0x7fff) > infinity) dxb[i] = v;
        else if (v > 0 && v < 0x8000) dxb[i] = dyb[i]!;
        else dxb[i] = roundToFloatBits(a * value(dyb[i]!), exponentBits, fractionBits);
      }
      return;
    }
    default:
      throw new TypeError(`leakyReluBackward: dtype '${dtype}' is not a floating-point dtype`);
  }
}
