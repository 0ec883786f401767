/**
 * float32 ReLU6 gradient (SPEC.md section 4) on bits, branch-free: dx = dy, bit for bit, where
 * 0 < x < 6; x itself (a NaN) where x is NaN; +0 everywhere else (both kinks, -0, -Inf, +Inf),
 * whatever dy is. `inside` is all ones exactly for 0 < v < SIX: -v is negative for every positive
 * v, and v - SIX is negative below SIX (v = INT_MIN, where -v is negative too, fails the second
 * test). `nan` is all ones for a NaN of either sign.
 */
const SIX = 0x40c00000;

export function relu6BackwardFloat32Bits(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    const inside = (-v & ((v - SIX) | 0)) >> 31;
    const nan = (0x7f800000 - (v & 0x7fffffff)) >> 31;
    dx[i] = (dy[i]! & inside) | (v & nan);
  }
}
