/** ReLU gradient of JS numbers and bigints; the rule of backward-float32.ts. */
export function reluBackwardNumber(x: number, dy: number): number {
  return x > 0 ? dy : x === x ? 0 : x;
}

export function reluBackwardBigInt(x: bigint, dy: bigint): bigint {
  return x > 0n ? dy : 0n;
}

export function reluBackwardNumberArray(x: readonly number[], dy: readonly number[], dx: number[]): void {
  for (let i = 0, n = x.length; i < n; i++) dx[i] = reluBackwardNumber(x[i]!, dy[i]!);
}
