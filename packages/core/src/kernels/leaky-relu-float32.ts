/**
 * float32 leaky ReLU (SPEC.md section 3): y = x < 0 ? alpha * x : x, with alpha the float32
 * rounding of the caller's alpha.
 *
 * Every element that is not a NaN is computed as a number, `x * factor` with factor 1 for
 * x >= 0 or -0 (and +Inf) and alpha for x < 0: multiplying by 1 is exact in IEEE 754 (signed zeros
 * and subnormals included; JavaScript has no flush to zero), and the product of two float32 values
 * is exact in a double, so the store into the Float32Array is the one rounding SPEC.md requires.
 * NaNs are the one thing a JS number does not carry bit for bit (ECMAScript lets an engine store
 * any NaN encoding, and V8 rewrites them differently per JIT tier), so a block holding a NaN is
 * detected before anything is stored and its NaNs are copied from the bits instead. The factor comes from a
 * two-entry table indexed by the comparison: branch-free, where `x < 0 ? alpha * x : x` is a
 * branch that mispredicts on random signs (measured 8x slower than this loop).
 */
const FACTOR = new Float64Array(2);

const UNROLL_FROM = 256;

export function leakyReluFloat32(alpha: number, src: Float32Array, dst: Float32Array, srcBits: Int32Array, dstBits: Int32Array): void {
  const factor = FACTOR;
  factor[0] = 1;
  factor[1] = Math.fround(alpha);
  // Short arrays on their own loop, as in relu-float32.ts: V8 must not optimize the unrolled loop
  // while only its tail has run.
  if (src.length < UNROLL_FROM) leakyRange(factor, src, dst, srcBits, dstBits, 0, src.length);
  else leakyUnrolled(factor, src, dst, srcBits, dstBits);
}

/** Elements [from, to), a NaN copied as bits. */
function leakyRange(factor: Float64Array, src: Float32Array, dst: Float32Array, srcBits: Int32Array, dstBits: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const x = src[i]!;
    if (x !== x) dstBits[i] = srcBits[i]!;
    else dst[i] = x * factor[+(x < 0)]!;
  }
}

function leakyUnrolled(factor: Float64Array, src: Float32Array, dst: Float32Array, srcBits: Int32Array, dstBits: Int32Array): void {
  const n = src.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const x0 = src[i]!;
    const x1 = src[i + 1]!;
    const x2 = src[i + 2]!;
    const x3 = src[i + 3]!;
    const x4 = src[i + 4]!;
    const x5 = src[i + 5]!;
    const x6 = src[i + 6]!;
    const x7 = src[i + 7]!;
    // x - x is 0 for every finite x and NaN for a NaN or an infinity, so the sum is 0 exactly when
    // the block holds neither (one compare instead of eight); blocks with an infinity take the
    // exact path too. Checked before any store, so that in place the NaN's bits are still there.
    if (x0 - x0 + (x1 - x1) + (x2 - x2) + (x3 - x3) + (x4 - x4) + (x5 - x5) + (x6 - x6) + (x7 - x7) !== 0) {
      leakyRange(factor, src, dst, srcBits, dstBits, i, i + 8);
      continue;
    }
    dst[i] = x0 * factor[+(x0 < 0)]!;
    dst[i + 1] = x1 * factor[+(x1 < 0)]!;
    dst[i + 2] = x2 * factor[+(x2 < 0)]!;
    dst[i + 3] = x3 * factor[+(x3 < 0)]!;
    dst[i + 4] = x4 * factor[+(x4 < 0)]!;
    dst[i + 5] = x5 * factor[+(x5 < 0)]!;
    dst[i + 6] = x6 * factor[+(x6 < 0)]!;
    dst[i + 7] = x7 * factor[+(x7 < 0)]!;
  }
  leakyRange(factor, src, dst, srcBits, dstBits, i, n);
}
