/**
 * float32 ReLU on bit patterns, branch-free so that V8 does not mispredict on random signs.
 *
 * Read as int32, a float32 must become +0 exactly when its bits lie in [0x80000000, 0xff800000]
 * (-0, negative subnormals and normals, -Inf): those are the int32 values <= -8388608. Negative
 * NaNs (0xff800001..0xffffffff, int32 -8388607..-1) and every non-negative pattern pass through
 * unchanged, so NaN payloads survive. `v >> 31` limits the test to negative v, where
 * `v + 8388607` cannot overflow.
 */
export function reluFloat32Bits(src: Int32Array, dst: Int32Array): void {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    dst[i] = v & ~((v >> 31) & (((v + 8388607) | 0) >> 31));
  }
}
