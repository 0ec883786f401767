import { BackendDisposedError, type BackendOps, type DType, type Op, type OpAttributeMap, type OpName, RELU, type ReluBackend, type ReluTypedArray, type RunOptions, checkOpRunArguments } from '@relu/core';

/**
 * A naive JavaScript loop as a ReluBackend: the formulations users write by hand for one op,
 * measured so that the report shows what they do to special values and how fast they are. Every
 * element goes through a JS number, as in the code users write.
 */
export function jsLoopBackend<N extends OpName>(name: string, op: Op<N>, formula: string, element: (x: number, attributes: OpAttributeMap[N]) => number): ReluBackend {
  const dtypes: readonly DType[] = ['float32', 'float64'];
  const ops: BackendOps = { [op.name]: dtypes };
  let disposed = false;
  return {
    name,
    // The contract's `dtypes` lists where the backend runs ReLU; a loop of another op runs none.
    dtypes: ops[RELU.name] ?? [],
    ops,
    info: { runtime: `JavaScript loop: ${formula}` },
    async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
      if (disposed) throw new BackendDisposedError(name);
      const { attributes } = checkOpRunArguments(name, ops, x, options);
      const input = x as unknown as Float64Array;
      const y = new (x.constructor as new (n: number) => Float64Array)(x.length);
      for (let i = 0; i < input.length; i++) y[i] = element(input[i]!, attributes as OpAttributeMap[N]);
      return y as unknown as T;
    },
    async dispose() {
      disposed = true;
    },
  };
}
