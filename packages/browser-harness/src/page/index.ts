import type { ReluBackend, ReluTypedArray, DType } from '@relu/core';
import { type CallResult, type PageRegistry, type RemoteBackendDescription, type SerializedError, PAGE_GLOBAL, PROGRESS_BINDING } from '../protocol.js';

/** Page side of the harness: what a page entry calls to make functions callable from Node. */

function registry(): PageRegistry {
  const g = globalThis as unknown as Record<string, PageRegistry | undefined>;
  return (g[PAGE_GLOBAL] ??= { ready: false, functions: {} });
}

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { name, message } = error;
  const extra = error as Partial<Record<'backend' | 'dtype' | 'supported', unknown>>;
  return {
    name,
    message,
    ...(typeof extra.backend === 'string' ? { backend: extra.backend } : {}),
    ...(typeof extra.dtype === 'string' ? { dtype: extra.dtype } : {}),
    ...(Array.isArray(extra.supported) ? { supported: extra.supported as string[] } : {}),
  };
}

/** Registers page functions; each returns a CallResult so Node can rethrow typed errors. */
export function expose(functions: Record<string, (...args: never[]) => unknown>): void {
  const target = registry();
  for (const [name, fn] of Object.entries(functions)) {
    target.functions[name] = (async (...args: never[]): Promise<CallResult<unknown>> => {
      try {
        return { ok: true, value: await fn(...args) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    }) as (...args: never[]) => unknown;
  }
}

/** Sends a progress message to the Node side (fire and forget; dropped when nobody listens). */
export function reportProgress(message: unknown): void {
  const send = (globalThis as unknown as Record<string, ((message: unknown) => Promise<void>) | undefined>)[PROGRESS_BINDING];
  void send?.(message).catch(() => {});
}

/** Marks the page ready: Node waits for this before its first call. */
export function markReady(): void {
  registry().ready = true;
}

export type BackendFactory = (options: unknown) => Promise<ReluBackend>;

/**
 * Makes backends constructible from Node by factory name; Node's remoteBackend() drives them.
 * Inputs arrive as fresh arrays, so `byteOffset` rebuilds the caller's view offset in the page.
 */
export function exposeBackends(factories: Record<string, BackendFactory>): void {
  const live = new Map<number, ReluBackend>();
  let nextId = 1;
  const backend = (id: number): ReluBackend => {
    const found = live.get(id);
    if (!found) throw new Error(`no live backend with id ${id} in this page`);
    return found;
  };
  expose({
    'backend.create': async (factory: string, options: unknown): Promise<RemoteBackendDescription> => {
      const create = factories[factory];
      if (!create) throw new RangeError(`factory must be one of ${Object.keys(factories).join(', ')}; got ${JSON.stringify(factory)}`);
      const created = await create(options);
      const id = nextId++;
      live.set(id, created);
      return { id, name: created.name, dtypes: created.dtypes, info: created.info ?? {} };
    },
    'backend.run': async (id: number, x: ReluTypedArray, byteOffset: number, dtype: DType | undefined) => {
      const Constructor = x.constructor as new (buffer: ArrayBuffer, byteOffset: number, length: number) => ReluTypedArray;
      const view = new Constructor(new ArrayBuffer(byteOffset + x.byteLength), byteOffset, x.length);
      view.set(x as never);
      return backend(id).run(view, dtype === undefined ? undefined : { dtype });
    },
    'backend.info': async (id: number) => backend(id).info ?? {},
    'backend.dispose': async (id: number) => {
      await backend(id).dispose();
    },
  });
}
