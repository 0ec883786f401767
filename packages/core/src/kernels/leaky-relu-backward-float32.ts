/**
 * float32 leaky ReLU gradient (SPEC.md section 3): dx = dy, bit for bit, where x > 0 (+Inf
 * included); x itself (a NaN) where x is NaN; alpha * dy rounded once where x <= 0 (both zeros and
 * -Inf). The product is stored as a float and then selected on the bits, branch-free; each
 * element's x and dy are read before its dx is written, so dx may be x or dy (in place).
 */
export function leakyReluBackwardFloat32(alpha: number, xBits: Int32Array, dy: Float32Array, dyBits: Int32Array, dx: Float32Array, dxBits: Int32Array): void {
  const a = Math.fround(alpha);
  for (let i = 0, n = xBits.length; i < n; i++) {
    const v = xBits[i]!;
    const g = dyBits[i]!;
    dx[i] = a * dy[i]!;
    const product = dxBits[i]!;
    // All ones for 0 < v <= +Inf: -v is negative (v = -2^31 excluded by the second term).
    const positive = (-v & ((v - 0x7f800001) | 0)) >> 31;
    const nan = (0x7f800000 - (v & 0x7fffffff)) >> 31;
    const selected = product ^ ((product ^ g) & positive);
    dxBits[i] = selected ^ ((selected ^ v) & nan);
  }
}
