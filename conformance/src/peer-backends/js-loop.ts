import {
  BackendDisposedError,
  type BackendOps,
  type DType,
  type Op,
  type OpAttributeMap,
  type OpName,
  RELU,
  type ReluBackend,
  type ReluTypedArray,
  type RunOptions,
  checkOpRunArguments,
  float16BitsToNumber,
  roundToFloatBits,
} from '@relu/core';

type Float16ArrayConstructor = new (source: ArrayBufferLike | number, byteOffset?: number, length?: number) => Float32Array;

/** The runtime's Float16Array, where it has one (Node 24+, Bun, Deno, the browsers). */
const Float16 = (globalThis as { Float16Array?: Float16ArrayConstructor }).Float16Array;

/**
 * A naive JavaScript loop as a ReluBackend: the formulations users write by hand for one op,
 * measured so that the report shows what they do to special values and how fast they are. Every
 * element goes through a JS number, as in the code users write: float32 and float64 arrays, and
 * float16 through the runtime's Float16Array (bits given as a Uint16Array are viewed as one, as
 * a user holding float16 bits would); where the runtime has no Float16Array, float16 bits are
 * decoded to numbers and rounded back with @relu/core's conversions, the user's other choice.
 */
export function jsLoopBackend<N extends OpName>(name: string, op: Op<N>, formula: string, element: (x: number, attributes: OpAttributeMap[N]) => number): ReluBackend {
  const dtypes: readonly DType[] = op.dtypes.filter((d) => d === 'float32' || d === 'float64' || d === 'float16');
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
      const { dtype, attributes } = checkOpRunArguments(name, ops, x, options);
      const bits16 = dtype === 'float16' && x instanceof Uint16Array;
      if (bits16 && Float16 === undefined) {
        const y = new Uint16Array(x.length);
        for (let i = 0; i < x.length; i++) y[i] = roundToFloatBits(element(float16BitsToNumber(x[i]!), attributes as OpAttributeMap[N]), 5, 10);
        return y as unknown as T;
      }
      const input = (bits16 ? new Float16!(x.buffer, x.byteOffset, x.length) : x) as unknown as Float64Array;
      const y = new (input.constructor as new (n: number) => Float64Array)(input.length);
      for (let i = 0; i < input.length; i++) y[i] = element(input[i]!, attributes as OpAttributeMap[N]);
      return (bits16 ? new Uint16Array(y.buffer) : y) as unknown as T;
    },
    async dispose() {
      disposed = true;
    },
  };
}
