import { BackendDisposedError, type DType, type ReluTypedArray, UnsupportedDTypeError, relu } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { MAX_FIXED_SESSIONS, createOnnxBackend } from './backend.js';
import { decodeModel } from './model.js';
import { Mutex } from './mutex.js';
import type { OrtSessionLike, Runtime } from './runtime.js';

/**
 * The backend's own machinery (session cache, locks, splitting, dispose) against a fake runtime
 * that records what it is asked to do; the real runtimes are tested in node-backends.test.ts and
 * browser-backends.test.ts.
 */
interface FakeLog {
  created: string[];
  released: number;
  active: number;
  maxActive: number;
  runLengths: number[];
}

class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: ReluTypedArray,
    readonly dims: readonly number[],
  ) {}
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

function fakeRuntime(options: { fixedShape?: boolean; shared?: boolean; maxElements?: number; failCreate?: () => boolean } = {}): { runtime: Runtime; log: FakeLog } {
  const log: FakeLog = { created: [], released: 0, active: 0, maxActive: 0, runLengths: [] };
  const runtime: Runtime = {
    executionProvider: 'wasm',
    runtime: 'fake 0.0.0',
    dtypes: ['float32', 'int32', 'float16'],
    fixedShape: options.fixedShape ?? false,
    info: { fake: true },
    sharedLock: options.shared ? new Mutex() : undefined,
    maxElementsPerRun: () => options.maxElements ?? Number.POSITIVE_INFINITY,
    Tensor: FakeTensor as unknown as Runtime['Tensor'],
    async createSession(model: Uint8Array, dtype: DType): Promise<OrtSessionLike> {
      await tick();
      if (options.failCreate?.()) throw new Error('fake: cannot create');
      const dim = (decodeModel(model) as { graph: { input: { type: { tensor_type: { shape: { dim: { dim_value?: number }[] } } } }[] } }).graph.input[0]!.type.tensor_type.shape.dim[0]!;
      log.created.push(`${dtype}:${dim.dim_value ?? 'N'}`);
      return {
        async run(feeds) {
          const x = feeds.X as FakeTensor;
          log.active++;
          log.maxActive = Math.max(log.maxActive, log.active);
          log.runLengths.push(x.data.length);
          await tick();
          log.active--;
          return { Y: { data: relu(x.data, x.type === 'float16' ? { dtype: 'float16' } : undefined) } };
        },
        async release() {
          log.released++;
        },
      };
    },
  };
  return { runtime, log };
}

const backendOf = (runtime: Runtime, options: Record<string, unknown> = {}) => createOnnxBackend({ executionProvider: 'wasm', ...options }, async () => runtime);

describe('OnnxBackend machinery (fake runtime)', () => {
  it('rejects an unlisted dtype with UnsupportedDTypeError before making any session', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    await expect(backend.run(new Float64Array(2))).rejects.toThrow(UnsupportedDTypeError);
    await expect(backend.run(new Uint16Array(2), { dtype: 'bfloat16' })).rejects.toThrow(/'bfloat16'/);
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(TypeError);
    await expect(backend.run([1, 2] as never)).rejects.toThrow(TypeError);
    expect(log.created).toEqual([]);
  });

  it('makes one session per dtype on first use, shared by concurrent first runs, and serializes its runs', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    const ys = await Promise.all(Array.from({ length: 10 }, (_, i) => backend.run(new Float32Array([i - 5, 5 - i]))));
    ys.forEach((y, i) => expect([...y]).toEqual([Math.max(i - 5, 0), Math.max(5 - i, 0)]));
    await backend.run(new Int32Array([-1, 1]));
    expect(log.created).toEqual(['float32:N', 'int32:N']);
    expect(log.maxActive).toBe(1);
  });

  it('with a shared lock never runs two sessions at once', async () => {
    const { runtime, log } = fakeRuntime({ shared: true });
    const backend = await backendOf(runtime);
    await Promise.all([...Array.from({ length: 6 }, () => backend.run(new Float32Array(3))), ...Array.from({ length: 6 }, () => backend.run(new Int32Array(3)))]);
    expect(log.maxActive).toBe(1);
  });

  it('does not cache a failed session creation: the next run tries again', async () => {
    let fail = true;
    const { runtime, log } = fakeRuntime({ failCreate: () => fail });
    const backend = await backendOf(runtime);
    await expect(backend.run(new Float32Array(1))).rejects.toThrow('fake: cannot create');
    fail = false;
    expect([...(await backend.run(new Float32Array([-2, 2])))]).toEqual([0, 2]);
    expect(log.created).toEqual(['float32:N']);
  });

  it('dispose lets runs in flight finish, releases every session once, then rejects runs', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    await backend.run(new Int32Array(1));
    const inFlight = [backend.run(new Float32Array([-1, 3])), backend.run(Float16ArrayLike(), { dtype: "float16" })];
    const disposing = backend.dispose();
    await expect(backend.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
    expect([...(await inFlight[0]!)]).toEqual([0, 3]);
    await inFlight[1];
    await Promise.all([disposing, backend.dispose()]);
    expect(log.created.sort()).toEqual(['float16:N', 'float32:N', 'int32:N']);
    expect(log.released).toBe(3);
  });

  it('fixed shapes: one session per length, at most MAX_FIXED_SESSIONS kept (least recently used idle ones released)', async () => {
    const { runtime, log } = fakeRuntime({ fixedShape: true });
    const backend = await backendOf(runtime);
    for (let n = 1; n <= MAX_FIXED_SESSIONS + 4; n++) expect([...(await backend.run(new Float32Array(n).fill(-1)))]).toEqual(new Array(n).fill(0));
    expect(log.created).toHaveLength(MAX_FIXED_SESSIONS + 4);
    expect(log.released).toBe(4);
    await backend.run(new Float32Array(MAX_FIXED_SESSIONS + 4)); // still cached
    expect(log.created).toHaveLength(MAX_FIXED_SESSIONS + 4);
    await backend.run(new Float32Array(1)); // evicted first, made again
    expect(log.created).toHaveLength(MAX_FIXED_SESSIONS + 5);
  });

  it('splits a long input into runs of at most maxElementsPerRun, and never calls the runtime for length 0', async () => {
    const { runtime, log } = fakeRuntime({ maxElements: 1000 });
    const backend = await backendOf(runtime, { maxElementsPerRun: 700 });
    const x = new Float32Array(2500).map((_, i) => (i % 2 ? i : -i));
    const y = await backend.run(x);
    expect(log.runLengths).toEqual([700, 700, 700, 400]);
    expect([...y]).toEqual([...relu(x)]);
    const empty = await backend.run(new Float32Array(0));
    expect(empty).toBeInstanceOf(Float32Array);
    expect(log.runLengths).toHaveLength(4);
  });

  it('takes typed array subclasses and views through the full argument checks', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    class Floats extends Float32Array {}
    const y = await backend.run(new Floats([-1, 2]));
    expect([...y]).toEqual([0, 2]);
    await expect(backend.run(new Float32Array(2), { dtype: 'float64' })).rejects.toThrow(TypeError);
  });
});

/** A float16 input as Uint16Array bits (Node 20 has no Float16Array). */
function Float16ArrayLike(): Uint16Array {
  return new Uint16Array([0xbc00, 0x3c00]);
}
