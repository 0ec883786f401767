import { BackendDisposedError, type BackendOps, type OpName, type ReluBackend, type ReluTypedArray, type RunOptions, checkOpRunArguments } from '@relu/core';
import type * as tfjs from '@tensorflow/tfjs-core';

type Tf = typeof tfjs;

/**
 * tfjs's own op for each of ours, and the dtypes it takes: tfjs tensors hold float32 and int32
 * only, and its leakyRelu is a float op.
 */
const TFJS_OPS: Readonly<Record<OpName, { readonly dtypes: readonly ('float32' | 'int32')[]; apply(tf: Tf, x: tfjs.Tensor1D, attributes: Readonly<Record<string, number>>): tfjs.Tensor }>> = {
  relu: { dtypes: ['float32', 'int32'], apply: (tf, x) => tf.relu(x) },
  leakyRelu: { dtypes: ['float32'], apply: (tf, x, { alpha }) => tf.leakyRelu(x, alpha) },
  relu6: { dtypes: ['float32', 'int32'], apply: (tf, x) => tf.relu6(x) },
};

export interface TfjsSubjectOptions {
  /** The registered tfjs backend to run on ('cpu', 'wasm', 'webgl', 'webgpu'). */
  readonly tfBackend: string;
  readonly name: string;
  /** 'async' for GPU backends, which read back asynchronously; CPU backends have the data already. */
  readonly readBack: 'sync' | 'async';
}

/** tfjs's ops as a ReluBackend, on whichever tfjs backend is registered under `tfBackend`. */
export async function tfjsBackend(tf: Tf, { tfBackend, name, readBack }: TfjsSubjectOptions): Promise<ReluBackend> {
  if (!(await tf.setBackend(tfBackend))) throw new Error(`${name}: tfjs backend '${tfBackend}' failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== tfBackend) throw new Error(`${name}: tfjs is running '${tf.getBackend()}', not '${tfBackend}'`);
  const ops: BackendOps = Object.fromEntries(Object.entries(TFJS_OPS).map(([op, { dtypes }]) => [op, dtypes]));
  let disposed = false;
  return {
    name,
    dtypes: TFJS_OPS.relu.dtypes,
    ops,
    info: { runtime: `tfjs ${tf.version_core}`, tfjsBackend: tf.getBackend() },
    async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
      if (disposed) throw new BackendDisposedError(name);
      const { dtype, op, attributes } = checkOpRunArguments(name, ops, x, options);
      // tfjs has one global backend; another tfjs subject may have switched it.
      if (tf.getBackend() !== tfBackend) await tf.setBackend(tfBackend);
      const y = tf.tidy(() => TFJS_OPS[op.name].apply(tf, tf.tensor1d(x as Float32Array | Int32Array, dtype as 'float32' | 'int32'), attributes as Readonly<Record<string, number>>));
      try {
        const data = (readBack === 'async' ? await y.data() : y.dataSync()) as Float32Array | Int32Array;
        const Constructor = x.constructor as new (source: ArrayLike<number>) => T;
        return new Constructor(data);
      } finally {
        y.dispose();
      }
    },
    async dispose() {
      disposed = true;
    },
  };
}
