/**
 * ReLU gradient on 16-bit float bit patterns (float16 or bfloat16); the rule of
 * backward-float32.ts. `positiveInfinityBits` is 0x7c00 for float16 and 0x7f80 for bfloat16.
 */
export function reluBackwardFloat16Bits(x: Uint16Array, dy: Uint16Array, dx: Uint16Array, positiveInfinityBits: number): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    dx[i] = (v & 0x7fff) > positiveInfinityBits ? v : v > 0 && v < 0x8000 ? dy[i]! : 0;
  }
}
