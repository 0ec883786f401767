import { BackendDisposedError, type DType, type ReluBackend, type ReluTypedArray, checkRunArguments } from '@relu/core';

/**
 * A naive JavaScript ReLU loop as a ReluBackend: the formulations users write by hand, measured
 * so that the report shows what they do to special values and how fast they are.
 */
export function jsLoopBackend(name: string, formula: string, relu: (x: number) => number): ReluBackend {
  const dtypes: readonly DType[] = ['float32', 'float64'];
  let disposed = false;
  return {
    name,
    dtypes,
    info: { runtime: `JavaScript loop: ${formula}` },
    async run<T extends ReluTypedArray>(x: T, options?: { dtype?: DType }): Promise<T> {
      if (disposed) throw new BackendDisposedError(name);
      checkRunArguments(name, dtypes, x, options);
      const input = x as unknown as Float64Array;
      const y = new (x.constructor as new (n: number) => Float64Array)(x.length);
      for (let i = 0; i < input.length; i++) y[i] = relu(input[i]!);
      return y as unknown as T;
    },
    async dispose() {
      disposed = true;
    },
  };
}
