/**
 * Integer ReLU, x > 0 ? x : 0, branch-free: `v >> 31` is all ones exactly for negative v.
 * One function per array type keeps each call site monomorphic in V8.
 */
export function reluInt8(src: Int8Array, dst: Int8Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = src[i]! & ~(src[i]! >> 31);
}

export function reluInt16(src: Int16Array, dst: Int16Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = src[i]! & ~(src[i]! >> 31);
}

export function reluInt32(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = src[i]! & ~(src[i]! >> 31);
}
