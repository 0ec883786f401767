import { HIGH_WORD, LOW_WORD } from './word-order.js';

type SignedIntArray = Int8Array | Int16Array | Int32Array;

/** Integer ReLU gradient: dx = x > 0 ? dy : 0. */
export function reluBackwardInt(x: SignedIntArray, dy: SignedIntArray, dx: SignedIntArray): void {
  for (let i = 0, n = x.length; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
}

/** int64 ReLU gradient on pairs of int32 words. */
export function reluBackwardInt64Words(x: Int32Array, dy: Int32Array, dx: Int32Array): void {
  for (let i = 0, n = x.length; i < n; i += 2) {
    const hi = x[i + HIGH_WORD]!;
    const positive = hi > 0 || (hi === 0 && x[i + LOW_WORD] !== 0);
    dx[i + HIGH_WORD] = positive ? dy[i + HIGH_WORD]! : 0;
    dx[i + LOW_WORD] = positive ? dy[i + LOW_WORD]! : 0;
  }
}
