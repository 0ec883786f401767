/**
 * ReLU on 16-bit float bit patterns (float16 or bfloat16), branch-free.
 *
 * An element becomes +0 exactly when its bits lie in [0x8000, negativeInfinityBits]: the sign
 * bit is set and it is not a NaN. Both differences below are negative exactly inside that range,
 * so their AND has the sign bit set there and only there.
 */
export function reluFloat16Bits(src: Uint16Array, dst: Uint16Array, negativeInfinityBits: number): void {
  const n = src.length;
  const firstNegativeNaN = negativeInfinityBits + 1;
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    dst[i] = v & ~(((0x7fff - v) & (v - firstNegativeNaN)) >> 31);
  }
}
