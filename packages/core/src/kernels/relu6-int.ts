import { HIGH_WORD, LOW_WORD } from './word-order.js';

/**
 * Integer ReLU6, min(max(x, 0), 6), branch-free: `y` is ReLU (relu-int.ts), and `t` is all ones
 * where y <= 6. One function per array type keeps each call site monomorphic.
 */
const relu6 = (v: number): number => {
  const y = v & ~(v >> 31);
  const t = (y - 7) >> 31;
  return ((y ^ 6) & t) ^ 6;
};

export function relu6Int8(src: Int8Array, dst: Int8Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = relu6(src[i]!);
}

export function relu6Int16(src: Int16Array, dst: Int16Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = relu6(src[i]!);
}

export function relu6Int32(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = relu6(src[i]!);
}

/** int64 on pairs of int32 words (BigInt arithmetic allocates): negative gives 0, above 6 gives 6. */
export function relu6Int64Words(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i += 2) {
    const hi = src[i + HIGH_WORD]!;
    const lo = src[i + LOW_WORD]!;
    if (hi < 0) {
      dst[i + HIGH_WORD] = 0;
      dst[i + LOW_WORD] = 0;
    } else if (hi > 0 || lo >>> 0 > 6) {
      dst[i + HIGH_WORD] = 0;
      dst[i + LOW_WORD] = 6;
    } else {
      dst[i + HIGH_WORD] = hi;
      dst[i + LOW_WORD] = lo;
    }
  }
}
