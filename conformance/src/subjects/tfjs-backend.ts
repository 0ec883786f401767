import { BackendDisposedError, type DType, type ReluBackend, type ReluTypedArray, checkRunArguments } from '@relu/core';
import type * as tfjs from '@tensorflow/tfjs-core';

/**
 * tfjs's `tf.relu` as a ReluBackend, on whichever tfjs backend is registered under `tfBackend`.
 * tfjs tensors hold float32 and int32 only, so those are the dtypes it runs.
 */
export async function tfjsReluBackend(tf: typeof tfjs, tfBackend: string, name: string): Promise<ReluBackend> {
  if (!(await tf.setBackend(tfBackend))) throw new Error(`${name}: tfjs backend '${tfBackend}' failed to initialise`);
  await tf.ready();
  if (tf.getBackend() !== tfBackend) throw new Error(`${name}: tfjs is running '${tf.getBackend()}', not '${tfBackend}'`);
  const dtypes: readonly DType[] = ['float32', 'int32'];
  const onGpu = tfBackend === 'webgl' || tfBackend === 'webgpu';
  let disposed = false;
  return {
    name,
    dtypes,
    info: { runtime: `tfjs ${tf.version_core}`, tfjsBackend: tf.getBackend() },
    async run<T extends ReluTypedArray>(x: T, options?: { dtype?: DType }): Promise<T> {
      if (disposed) throw new BackendDisposedError(name);
      const dtype = checkRunArguments(name, dtypes, x, options);
      // tfjs has one global backend; another tfjs subject may have switched it.
      if (tf.getBackend() !== tfBackend) await tf.setBackend(tfBackend);
      const y = tf.tidy(() => tf.relu(tf.tensor1d(x as Float32Array | Int32Array, dtype as 'float32' | 'int32')));
      try {
        // GPU backends read back asynchronously; CPU ones have the data already.
        const data = (onGpu ? await y.data() : y.dataSync()) as Float32Array | Int32Array;
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
