/**
 * Integer ReLU, x > 0 ? x : 0, branch-free: `v >> 31` is all ones exactly for negative v.
 * One function per array type keeps each call site monomorphic in V8; int32, the common case,
 * is unrolled like the float32 kernel, and like it keeps short arrays on a separate plain loop.
 */
const keep = (v: number): number => v & ~(v >> 31);

const UNROLL_FROM = 256;

export function reluInt8(src: Int8Array, dst: Int8Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = keep(src[i]!);
}

export function reluInt16(src: Int16Array, dst: Int16Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = keep(src[i]!);
}

export function reluInt32(src: Int32Array, dst: Int32Array): void {
  if (src.length < UNROLL_FROM) reluInt32Short(src, dst);
  else reluInt32Unrolled(src, dst);
}

function reluInt32Short(src: Int32Array, dst: Int32Array): void {
  for (let i = 0, n = src.length; i < n; i++) dst[i] = keep(src[i]!);
}

function reluInt32Unrolled(src: Int32Array, dst: Int32Array): void {
  const n = src.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    dst[i] = keep(src[i]!);
    dst[i + 1] = keep(src[i + 1]!);
    dst[i + 2] = keep(src[i + 2]!);
    dst[i + 3] = keep(src[i + 3]!);
    dst[i + 4] = keep(src[i + 4]!);
    dst[i + 5] = keep(src[i + 5]!);
    dst[i + 6] = keep(src[i + 6]!);
    dst[i + 7] = keep(src[i + 7]!);
  }
  for (; i < n; i++) dst[i] = keep(src[i]!);
}
