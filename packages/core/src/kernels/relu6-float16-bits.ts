import type { HalfFormat } from './half-formats.js';

/**
 * ReLU6 on 16-bit float bits (values 0..0xffff), branch-free; the method of relu6-float32.ts.
 * `keep` clears [0x8000, negativeInfinity] as in relu-float16-bits.ts; `t` clears [six, infinity].
 */
export function relu6Float16Bits(format: HalfFormat, src: Uint16Array, dst: Uint16Array): void {
  const { six, infinity } = format;
  const firstNegativeNaN = format.negativeInfinity + 1;
  for (let i = 0, n = src.length; i < n; i++) {
    const v = src[i]!;
    const keep = ~(((0x7fff - v) & (v - firstNegativeNaN)) >> 31);
    const t = ((v - six) | (infinity - v)) >> 31;
    dst[i] = (((v ^ six) & t) ^ six) & keep;
  }
}
