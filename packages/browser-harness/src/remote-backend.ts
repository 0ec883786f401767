import { BackendDisposedError, type DType, type ReluBackend, type ReluTypedArray, type RunOptions, checkRunArguments } from '@relu/core';
import type { BrowserPage } from './browser-page.js';
import type { RemoteBackendDescription } from './protocol.js';

/**
 * A ReluBackend that lives in a browser page, driven from Node. Arguments are checked here with
 * the same contract checks as in the page, so bad input fails the same way without a round trip.
 */
export async function remoteBackend(page: BrowserPage, factory: string, options?: unknown): Promise<ReluBackend> {
  const description = await page.call<RemoteBackendDescription>('backend.create', factory, options);
  const dtypes = description.dtypes as DType[];
  let disposed = false;
  return {
    name: description.name,
    dtypes,
    info: { ...description.info, browser: `Chromium ${page.browserVersion}` },
    async run<T extends ReluTypedArray>(x: T, runOptions?: RunOptions): Promise<T> {
      if (disposed) throw new BackendDisposedError(description.name);
      const dtype = checkRunArguments(description.name, dtypes, x, runOptions);
      return page.call<T>('backend.run', description.id, x, x.byteOffset, runOptions?.dtype === undefined ? undefined : dtype);
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await page.call('backend.dispose', description.id);
    },
  };
}
