import type { HalfFormat } from './half-formats.js';

/** ReLU6 gradient on 16-bit float bits (values 0..0xffff), branch-free; the rule and method of relu6-backward-float32.ts. */
export function relu6BackwardFloat16Bits(format: HalfFormat, x: Uint16Array, dy: Uint16Array, dx: Uint16Array): void {
  const { six, infinity } = format;
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    const inside = (-v & (v - six)) >> 31;
    const nan = (infinity - (v & 0x7fff)) >> 31;
    dx[i] = (dy[i]! & inside) | (v & nan);
  }
}
