import { HIGH_WORD, LOW_WORD } from './word-order.js';

/** Integer ReLU6 gradient: dx = 0 < x < 6 ? dy : 0 (branch-free below 64 bits; the mask of relu6-backward-float32.ts). */
type SmallIntArray = Int8Array | Int16Array | Int32Array;

export function relu6BackwardInt(x: SmallIntArray, dy: SmallIntArray, dx: SmallIntArray): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    dx[i] = dy[i]! & ((-v & ((v - 6) | 0)) >> 31);
  }
}

/** int64 on pairs of int32 words (BigInt arithmetic allocates). */
export function relu6BackwardInt64Words(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i += 2) {
    const hi = x[i + HIGH_WORD]!;
    const lo = x[i + LOW_WORD]! >>> 0;
    const inside = hi === 0 && lo > 0 && lo < 6;
    dx[i + HIGH_WORD] = inside ? dy[i + HIGH_WORD]! : 0;
    dx[i + LOW_WORD] = inside ? dy[i + LOW_WORD]! : 0;
  }
}
