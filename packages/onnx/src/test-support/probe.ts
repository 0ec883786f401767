import { type Attributes, type DType, OPS, type OpName, arrayBits, arrayFromBits } from '@relu/core';
import type { ExecutionProvider } from '../capabilities.js';
import { opModel } from '../model.js';
import { ORT_TENSOR_TYPE, type RuntimeLoader } from '../runtime.js';

export interface ProbeResult {
  /** Why the session could not be made or run, when it could not. */
  readonly error?: string;
  /** The raw output bits, when it ran. */
  readonly bits?: readonly string[];
}

/**
 * Tries an op on a dtype on an execution provider directly, past the backend's ops list, through
 * the same runtime code (and guards) the backend uses: for the tests that find out what each
 * execution provider really runs.
 */
export async function probeOp(load: RuntimeLoader, executionProvider: ExecutionProvider, opName: OpName, attributes: Attributes, dtype: DType, inputs: readonly string[]): Promise<ProbeResult> {
  const runtime = await load(executionProvider, { numThreads: undefined });
  const op = OPS[opName];
  const x = arrayFromBits(dtype, inputs);
  const work = async (): Promise<ProbeResult> => {
    let session;
    try {
      const model = opModel({ op, attributes, dtype, ...(runtime.fixedShape ? { shape: [x.length] } : {}) });
      session = await runtime.createSession({ op, attributes, dtype, model });
    } catch (error) {
      return { error: String((error as Error).message ?? error) };
    }
    try {
      const results = await session.run({ X: new runtime.Tensor(ORT_TENSOR_TYPE[dtype], x, [x.length]) });
      const data = results.Y!.data as ArrayBufferView & { length: number };
      const y = x.constructor === data.constructor ? data : new Uint16Array(data.buffer, data.byteOffset, data.length);
      return { bits: arrayBits(dtype, y as never) };
    } catch (error) {
      return { error: String((error as Error).message ?? error) };
    } finally {
      await session.release();
    }
  };
  return runtime.sharedLock ? runtime.sharedLock.run(work) : work();
}
