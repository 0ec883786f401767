/**
 * ReLU of a JS number (float64). `x > 0 ? x : 0` alone would turn NaN into 0; `Math.max(0, x)`
 * would be right for numbers but is the same branch. A NaN is returned as given.
 */
export function reluNumber(x: number): number {
  return x > 0 ? x : x === x ? 0 : x;
}

export function reluBigInt(x: bigint): bigint {
  return x > 0n ? x : 0n;
}

export function reluNumberArray(src: readonly number[], dst: number[]): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = reluNumber(src[i]!);
}
