/**
 * float32 ReLU6 (SPEC.md section 4) on bit patterns, branch-free: non-negative floats order like
 * their bits read as int32, so min(max(x, 0), 6) is integer work, and no element (NaN or not)
 * passes through a JS number.
 *
 * Read as int32 v: -0, negatives and -Inf are v <= -8388608 (0xff800000), exactly where v and
 * q = v + 8388607 are both negative, so `k` is all ones except there. 6 (0x40c00000) to +Inf
 * (0x7f800000) are exactly where neither v - SIX nor q is negative (q wraps past +Inf), so `t` is
 * all ones except there. NaNs of either sign fall in neither range and keep their bits.
 */
const SIX = 0x40c00000;

const relu6 = (v: number): number => {
  const q = (v + 0x7fffff) | 0;
  const k = ~((v & q) >> 31);
  const t = (((v - SIX) | 0) | q) >> 31;
  return (((v ^ SIX) & t) ^ SIX) & k;
};

/** Short arrays on their own loop, as in relu-float32.ts (V8 must not optimize the unrolled loop on tails). */
const UNROLL_FROM = 256;

export function relu6Float32Bits(src: Int32Array, dst: Int32Array): void {
  if (src.length < UNROLL_FROM) relu6Short(src, dst);
  else relu6Unrolled(src, dst);
}

function relu6Short(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = relu6(src[i]!);
}

function relu6Unrolled(src: Int32Array, dst: Int32Array): void {
  const n = src.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    dst[i] = relu6(src[i]!);
    dst[i + 1] = relu6(src[i + 1]!);
    dst[i + 2] = relu6(src[i + 2]!);
    dst[i + 3] = relu6(src[i + 3]!);
    dst[i + 4] = relu6(src[i + 4]!);
    dst[i + 5] = relu6(src[i + 5]!);
    dst[i + 6] = relu6(src[i + 6]!);
    dst[i + 7] = relu6(src[i + 7]!);
  }
  for (; i < n; i++) dst[i] = relu6(src[i]!);
}
