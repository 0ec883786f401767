/**
 * float32 ReLU gradient on bit patterns (SPEC.md, "Gradient"): dx = dy where x > 0, x itself
 * (a NaN) where x is NaN, +0 elsewhere. A select, not dy * step(x), so that an Inf or NaN dy at
 * an inactive unit still gives exactly +0.
 */
export function reluBackwardFloat32Bits(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    dx[i] = (v & 0x7fffffff) > 0x7f800000 ? v : v > 0 ? dy[i]! : 0;
  }
}
