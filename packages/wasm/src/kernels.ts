import type { DType } from '@relu/core';

/** A kernel of the module: ReLU of n elements from byte address src to byte address dst. */
export type Kernel = (src: number, dst: number, n: number) => void;

/** The module's export that runs each dtype (see wat/). */
export const KERNEL_EXPORTS = {
  float32: 'relu_float32',
  float64: 'relu_float64',
  float16: 'relu_float16',
  bfloat16: 'relu_bfloat16',
  int8: 'relu_int8',
  int16: 'relu_int16',
  int32: 'relu_int32',
  int64: 'relu_int64',
} as const satisfies Readonly<Record<DType, string>>;

export type KernelExportName = (typeof KERNEL_EXPORTS)[DType];

export type Kernels = Readonly<Record<DType, Kernel>>;

/** The kernels of one instance, by dtype, checked to be there (a stale generated module would not be). */
export function kernelsOf(instance: WebAssembly.Instance): Kernels {
  const kernels = {} as Record<DType, Kernel>;
  for (const [dtype, name] of Object.entries(KERNEL_EXPORTS) as [DType, KernelExportName][]) {
    const kernel = instance.exports[name];
    if (typeof kernel !== 'function') throw new Error(`@relu/wasm: the WebAssembly module has no export ${name}; rebuild the package`);
    kernels[dtype] = kernel as Kernel;
  }
  return Object.freeze(kernels);
}
