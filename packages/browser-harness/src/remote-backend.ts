import { type BackendOps, BackendDisposedError, type DType, type ReluBackend, type ReluTypedArray, type RunOptions, checkOpRunArguments } from '@relu/core';
import { type RemoteEnvironment, describeEnvironment } from './environment.js';
import type { RemoteBackendDescription } from './protocol.js';

/**
 * A ReluBackend that lives in a guest (a browser page or a child runtime), driven from here.
 * It carries the guest backend's `ops` and `info` (plus where it runs: environment, engine,
 * tier); arguments are checked here with the same contract checks as in the guest, so bad input
 * fails the same way without a round trip, and errors from the guest keep their classes.
 */
export async function remoteBackend(environment: RemoteEnvironment, factory: string, options?: unknown): Promise<ReluBackend> {
  const description = await environment.call<RemoteBackendDescription>('backend.create', factory, options);
  const ops = description.ops as BackendOps;
  let disposed = false;
  return {
    name: description.name,
    dtypes: description.dtypes as DType[],
    ops,
    info: { ...description.info, ...describeEnvironment(environment) },
    async run<T extends ReluTypedArray>(x: T, runOptions?: RunOptions): Promise<T> {
      if (disposed) throw new BackendDisposedError(description.name);
      checkOpRunArguments(description.name, ops, x, runOptions);
      return environment.call<T>('backend.run', description.id, x, runOptions);
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await environment.call('backend.dispose', description.id);
    },
  };
}
