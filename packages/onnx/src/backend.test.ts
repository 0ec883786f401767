import {
  BackendDisposedError,
  type BackendOps,
  type ReluTypedArray,
  UnsupportedDTypeError,
  UnsupportedOpError,
  allocate,
  bitMismatches,
  leakyRelu,
  relu6,
} from '@relu/core';
import { describe, expect, it } from 'vitest';
import { MAX_CACHED_SESSIONS, createOnnxBackend } from './backend.js';
import { ExecutionProviderUnavailableError, OnnxRuntimeError } from './errors.js';
import { decodeModel } from './model.js';
import { Mutex } from './mutex.js';
import type { OrtSessionLike, Runtime, SessionRequest } from './runtime.js';
import { resizableBuffer } from './test-support/random.js';

/**
 * The backend's own machinery (argument checks, input capture, session cache, locks, splitting,
 * errors, dispose) against a fake runtime that records what it is asked to do and, like
 * onnxruntime, reads its input only after an await; the real runtimes are in
 * node-backends.test.ts and browser-backends.test.ts.
 */
interface FakeLog {
  /** `${op} ${dtype} ${alpha?} n=${fixed length or N}` per session created. */
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

interface FakeOptions {
  fixedShape?: boolean;
  shared?: boolean;
  maxElements?: number;
  ops?: BackendOps;
  failCreate?: () => unknown;
  failRun?: () => unknown;
  /** What the session returns instead of the op's result. */
  output?: (x: ReluTypedArray) => unknown;
}

function fakeRuntime(options: FakeOptions = {}): { runtime: Runtime; log: FakeLog } {
  const log: FakeLog = { created: [], released: 0, active: 0, maxActive: 0, runLengths: [] };
  const runtime: Runtime = {
    executionProvider: 'wasm',
    runtime: 'fake 0.0.0',
    ops: options.ops ?? { relu: ['float32', 'int32', 'float16'], leakyRelu: ['float32', 'float16'], relu6: ['float32', 'int32'] },
    fixedShape: options.fixedShape ?? false,
    info: { fake: true },
    sharedLock: options.shared ? new Mutex() : undefined,
    maxElementsPerRun: () => options.maxElements ?? Number.POSITIVE_INFINITY,
    Tensor: FakeTensor as unknown as Runtime['Tensor'],
    async createSession({ op, attributes, dtype, model }: SessionRequest): Promise<OrtSessionLike> {
      await tick();
      const failure = options.failCreate?.();
      if (failure) throw failure;
      const graph = (decodeModel(model) as { graph: { node: { attribute?: { f: number }[] }[]; input: { type: { tensor_type: { shape: { dim: { dim_value?: number }[] } } } }[] } }).graph;
      const alpha = graph.node[0]!.attribute?.[0]?.f;
      log.created.push([op.name, dtype, ...(alpha === undefined ? [] : [alpha]), `n=${graph.input[0]!.type.tensor_type.shape.dim[0]!.dim_value ?? 'N'}`].join(' '));
      return {
        async run(feeds) {
          const x = feeds.X as FakeTensor;
          // onnxruntime-node rejects shared memory with a bare "Invalid argument".
          if (!(x.data.buffer instanceof ArrayBuffer)) throw new Error('Invalid argument');
          log.active++;
          log.maxActive = Math.max(log.maxActive, log.active);
          await tick(); // onnxruntime reads the input after the call has returned.
          log.runLengths.push(x.data.length);
          log.active--;
          const runFailure = options.failRun?.();
          if (runFailure) throw runFailure;
          if (options.output) return { Y: { data: options.output(x.data) } };
          const y = allocate(dtype, x.data.length);
          op.forward(dtype, op.checkAttributes('fake', 'attributes', attributes) as never, x.data, y);
          return { Y: { data: y } };
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

describe('OnnxBackend: arguments (fake runtime)', () => {
  it('declares the ops and dtypes the runtime runs; ReLU\'s are `dtypes`', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    expect(backend.ops).toEqual(runtime.ops);
    expect(backend.dtypes).toEqual(['float32', 'int32', 'float16']);
    expect(backend.info).toMatchObject({ runtime: 'fake 0.0.0', executionProvider: 'wasm', canonical: false, onnx: 'relu: Relu-14 (opset 14), leakyRelu: LeakyRelu-16 (opset 16), relu6: Clip-13 (opset 13)', fake: true });
  });

  it('rejects an unlisted op or dtype, and an op on a dtype it is not defined on, before making any session', async () => {
    const { runtime, log } = fakeRuntime({ ops: { relu: ['float32', 'int32'], leakyRelu: ['float32'] } });
    const backend = await backendOf(runtime);
    await expect(backend.run(new Float64Array(2))).rejects.toThrow(UnsupportedDTypeError);
    await expect(backend.run(new Float32Array(2), { op: 'relu6' })).rejects.toThrow(UnsupportedOpError);
    await expect(backend.run(new Float32Array(2), { op: 'relu6' })).rejects.toThrow(/op 'relu6' is not supported by this backend; it runs 'relu', 'leakyRelu'/);
    await expect(backend.run(new Int32Array(2), { op: 'leakyRelu' })).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await expect(backend.run(new Uint16Array(2), { dtype: 'bfloat16' })).rejects.toThrow(/'bfloat16'/);
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(TypeError);
    await expect(backend.run([1, 2] as never)).rejects.toThrow(TypeError);
    await expect(backend.run(new Float32Array(2), { op: 'leakyRelu', attributes: { alpha: Number.POSITIVE_INFINITY } })).rejects.toThrow(/options\.attributes\.alpha/);
    await expect(backend.run(new Float32Array(2), { op: 'relu', attributes: { alpha: 1 } })).rejects.toThrow(/options\.attributes has an unknown key "alpha"/);
    await expect(backend.run(new Float32Array(2), { axis: 0 } as never)).rejects.toThrow(/unknown key "axis"/);
    expect(log.created).toEqual([]);
  });

  it('identifies x by what it is: a subclass with another constructor and length still computes x; a Uint8Array posing as a Float32Array is a TypeError naming x', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    class Floats extends Float32Array {
      constructor(values: number[], _unused: string) {
        super(values);
      }
      static get [Symbol.species]() {
        return Uint8Array;
      }
      override get length() {
        return 1;
      }
    }
    const y = await backend.run(new Floats([-1, 2, -3], 'ignored'));
    expect(y.constructor).toBe(Float32Array);
    expect([...y]).toEqual([0, 2, 0]);
    const posing = new Uint8Array(8);
    Object.defineProperty(posing, Symbol.toStringTag, { value: 'Float32Array' });
    await expect(backend.run(posing as never)).rejects.toThrow(/wasm\.run: x must be/);
    await expect(backend.run(posing as never)).rejects.toThrow(TypeError);
  });

  it('an array of the same width posing as another type (an Int32Array claiming Float32Array) is a TypeError naming x, with options or without', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    const posing = () => Object.defineProperty(new Int32Array([-1, 0x3f800000]), Symbol.toStringTag, { value: 'Float32Array' });
    await expect(backend.run(posing() as never)).rejects.toThrow(TypeError);
    await expect(backend.run(posing() as never)).rejects.toThrow(/wasm\.run: x must be a typed array that says what it is; got a Int32Array whose Symbol\.toStringTag claims a string "Float32Array"/);
    await expect(backend.run(posing() as never, { op: 'relu6' })).rejects.toThrow(/x must be a typed array that says what it is/);
    await expect(backend.run(posing() as never, { dtype: 'float32' })).rejects.toThrow(TypeError);
    expect(log.created).toEqual([]);
  });

  it('a subclass whose length and buffer lie is read through its internal slots, with options or without, small and pooled', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    class Liar extends Float32Array {
      override get length() {
        return 2;
      }
      override get byteLength() {
        return 8;
      }
      override get buffer() {
        return new ArrayBuffer(8);
      }
      override get byteOffset() {
        return 0;
      }
    }
    for (const n of [3, 50_000]) {
      const values = Array.from({ length: n }, (_, i) => (i % 2 ? i : -i - 1));
      const plain = Float32Array.from(values);
      expect([...(await backend.run(new Liar(values)))]).toEqual([...plain].map((v) => Math.max(0, v)));
      const y = await backend.run(new Liar(values), { op: 'relu6' });
      expect(Object.getPrototypeOf(y)).toBe(Float32Array.prototype);
      expect([...y]).toEqual([...relu6(plain)]);
    }
    expect(log.runLengths).toEqual([3, 3, 50_000, 50_000]);
  });

  it('a view out of bounds of its shrunk resizable buffer is a TypeError naming x, not an empty array, with options or without', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    const shrunk = () => {
      const buffer = resizableBuffer(16, 16);
      const view = new Float32Array(buffer, 8, 2);
      buffer.resize(4);
      return view;
    };
    await expect(backend.run(shrunk())).rejects.toThrow(TypeError);
    await expect(backend.run(shrunk())).rejects.toThrow(/wasm\.run: x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds of its resizable ArrayBuffer/);
    await expect(backend.run(shrunk(), { op: 'leakyRelu', attributes: { alpha: 0.5 } })).rejects.toThrow(/x must be backed by a live ArrayBuffer/);
    expect(log.runLengths).toEqual([]);
  });

  it('returns an empty array of x\'s type for length 0 without calling the runtime, and a new array of x\'s type otherwise', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    const empty = await backend.run(new Int32Array(0));
    expect(empty).toBeInstanceOf(Int32Array);
    const bits = new Uint16Array([0xbc00, 0x3c00]);
    const y = await backend.run(bits, { dtype: 'float16' });
    expect(y).toBeInstanceOf(Uint16Array);
    expect(y).not.toBe(bits);
    expect([...y]).toEqual([0, 0x3c00]);
    expect([...bits]).toEqual([0xbc00, 0x3c00]);
    expect(log.runLengths).toEqual([2]);
  });
});

describe('OnnxBackend: inputs are captured at the call (fake runtime that reads its input late)', () => {
  it('a write to x after run() returned its promise does not change the result', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    const x = new Float32Array([-1, 2, 3]);
    const pending = backend.run(x, { op: 'relu6' });
    x.set([9, 9, 9]);
    expect([...(await pending)]).toEqual([0, 2, 3]);
  });

  it('transferring x\'s buffer while the run is pending neither shortens nor breaks the result', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    const x = new Float32Array([-1, 2, -3, 4]);
    const pending = backend.run(x, { op: 'leakyRelu', attributes: { alpha: 0.5 } });
    structuredClone(x.buffer, { transfer: [x.buffer] });
    expect(x.length).toBe(0);
    expect([...(await pending)]).toEqual([-0.5, 2, -1.5, 4]);
  });

  it('shrinking a resizable buffer under x while the run is pending does not shorten the result', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    const buffer = resizableBuffer(16, 64);
    const x = new Int32Array(buffer); // length-tracking
    x.set([-1, 2, -3, 4]);
    const pending = backend.run(x);
    buffer.resize(4);
    expect([...(await pending)]).toEqual([0, 2, 0, 4]);
  });

  it('large inputs reuse capture memory without one run seeing another\'s data, concurrent or not', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    const n = 50_000; // 200 KB: pooled
    const inputs = Array.from({ length: 6 }, (_, k) => new Float32Array(n).map((_, i) => ((i * 7 + k) % 11) - 5));
    const concurrent = await Promise.all(inputs.map((x) => backend.run(x, { op: 'relu6' })));
    const sequential: Float32Array[] = [];
    for (const x of inputs) sequential.push(await backend.run(x, { op: 'leakyRelu', attributes: { alpha: 0.5 } }));
    inputs.forEach((x, k) => {
      expect(bitMismatches('float32', relu6(x), concurrent[k]!), `concurrent ${k}`).toEqual([]);
      expect(bitMismatches('float32', leakyRelu(x, { alpha: 0.5 }), sequential[k]!), `sequential ${k}`).toEqual([]);
    });
  });

  it('takes a SharedArrayBuffer-backed x by copying it into memory the runtime accepts', async () => {
    const { runtime } = fakeRuntime();
    const backend = await backendOf(runtime);
    const x = new Float32Array(new SharedArrayBuffer(12));
    x.set([-1, 2, -3]);
    const y = await backend.run(x);
    expect([...y]).toEqual([0, 2, 0]);
    expect(y.buffer).toBeInstanceOf(ArrayBuffer);
  });
});

describe('OnnxBackend: sessions (fake runtime)', () => {
  it('makes one session per op, dtype and float32 alpha, shared by concurrent first runs, and serializes its runs', async () => {
    const { runtime, log } = fakeRuntime();
    const backend = await backendOf(runtime);
    const ys = await Promise.all(Array.from({ length: 10 }, (_, i) => backend.run(new Float32Array([i - 5, 5 - i]))));
    ys.forEach((y, i) => expect([...y]).toEqual([Math.max(i - 5, 0), Math.max(5 - i, 0)]));
    await backend.run(new Int32Array([-1, 1]));
    await backend.run(new Float32Array([-1]), { op: 'leakyRelu' });
    await backend.run(new Float32Array([-1]), { op: 'leakyRelu', attributes: { alpha: 0.01 } });
    // 0.1 and 0.1 + 1e-12 are one float32: one model, one session.
    await backend.run(new Float32Array([-1]), { op: 'leakyRelu', attributes: { alpha: 0.1 } });
    await backend.run(new Float32Array([-1]), { op: 'leakyRelu', attributes: { alpha: 0.1 + 1e-12 } });
    await backend.run(new Float32Array([7]), { op: 'relu6' });
    expect(log.created).toEqual(['relu float32 n=N', 'relu int32 n=N', `leakyRelu float32 ${Math.fround(0.01)} n=N`, `leakyRelu float32 ${Math.fround(0.1)} n=N`, 'relu6 float32 n=N']);
    expect(log.maxActive).toBe(1);
  });

  it('with a shared lock never runs two sessions at once', async () => {
    const { runtime, log } = fakeRuntime({ shared: true });
    const backend = await backendOf(runtime);
    const ops = ['relu', 'leakyRelu', 'relu6'] as const;
    await Promise.all(Array.from({ length: 12 }, (_, i) => backend.run(new Float32Array(3), { op: ops[i % 3] })));
    expect(log.maxActive).toBe(1);
  });

  it(`keeps at most ${MAX_CACHED_SESSIONS} sessions (fixed shapes: one per length), releasing the least recently used idle ones`, async () => {
    const { runtime, log } = fakeRuntime({ fixedShape: true });
    const backend = await backendOf(runtime);
    for (let n = 1; n <= MAX_CACHED_SESSIONS + 4; n++) expect([...(await backend.run(new Float32Array(n).fill(-1)))]).toEqual(new Array(n).fill(0));
    expect(log.created).toHaveLength(MAX_CACHED_SESSIONS + 4);
    expect(log.created[0]).toBe('relu float32 n=1');
    expect(log.released).toBe(4);
    await backend.run(new Float32Array(MAX_CACHED_SESSIONS + 4)); // still cached
    expect(log.created).toHaveLength(MAX_CACHED_SESSIONS + 4);
    await backend.run(new Float32Array(1)); // evicted first, made again
    expect(log.created).toHaveLength(MAX_CACHED_SESSIONS + 5);
    // Many alphas of a dynamic-shape runtime are bounded the same way.
    const dynamic = fakeRuntime();
    const other = await backendOf(dynamic.runtime);
    for (let i = 0; i < MAX_CACHED_SESSIONS + 3; i++) await other.run(new Float32Array([-1]), { op: 'leakyRelu', attributes: { alpha: i / 8 } });
    expect(dynamic.log.released).toBe(3);
  });

  it('splits a long input into runs of at most maxElementsPerRun', async () => {
    const { runtime, log } = fakeRuntime({ maxElements: 1000 });
    const backend = await backendOf(runtime, { maxElementsPerRun: 700 });
    const x = new Float32Array(2500).map((_, i) => (i % 2 ? i : -i));
    const y = await backend.run(x, { op: 'leakyRelu', attributes: { alpha: 0.25 } });
    expect(log.runLengths).toEqual([700, 700, 700, 400]);
    expect(bitMismatches('float32', leakyRelu(x, { alpha: 0.25 }), y)).toEqual([]);
  });

  it('canonical mode repairs with the op\'s repair, against the input as captured', async () => {
    // A runtime that returns garbage: canonical mode must still give @relu/core's bits.
    const { runtime } = fakeRuntime({ output: (x) => new Float32Array(x.length).fill(Number.NaN) });
    const backend = await backendOf(runtime, { canonical: true });
    const x = new Float32Array([-2, -0, 3, 7, Number.NaN]);
    const pending = backend.run(x, { op: 'relu6' });
    x.fill(1);
    expect(bitMismatches('float32', relu6(new Float32Array([-2, -0, 3, 7, Number.NaN])), await pending)).toEqual([]);
    const leaky = await backend.run(new Float32Array([-2, -0, 3]), { op: 'leakyRelu', attributes: { alpha: 0.3 } });
    expect(bitMismatches('float32', leakyRelu(new Float32Array([-2, -0, 3]), { alpha: 0.3 }), leaky)).toEqual([]);
    expect(backend.name).toBe('onnx-web-wasm+canonical');
  });
});

describe('OnnxBackend: runtime failures (fake runtime)', () => {
  it('wraps an onnxruntime error from session creation in an OnnxRuntimeError naming backend, provider and argument, with the original as cause; the next run tries again', async () => {
    let fail: unknown = new Error('fake: cannot create');
    const { runtime, log } = fakeRuntime({ failCreate: () => fail });
    const backend = await backendOf(runtime);
    const error = (await backend.run(new Float32Array(1), { op: 'relu6' }).catch((e: unknown) => e)) as OnnxRuntimeError;
    expect(error).toBeInstanceOf(OnnxRuntimeError);
    expect(error).toMatchObject({ name: 'OnnxRuntimeError', backend: 'onnx-web-wasm', executionProvider: 'wasm', argument: 'x', stage: 'session creation' });
    expect(error.cause).toBe(fail);
    expect(error.message).toBe("onnx-web-wasm.run: onnxruntime (execution provider 'wasm') failed in session creation for x (relu6 on 1 float32 elements): fake: cannot create");
    fail = undefined;
    expect([...(await backend.run(new Float32Array([-2, 2]), { op: 'relu6' }))]).toEqual([0, 2]);
    expect(log.created).toEqual(['relu6 float32 n=N']);
  });

  it('wraps an error of session.run, and an output that is not n elements of the dtype', async () => {
    const original = new RangeError('fake: out of memory');
    const failing = await backendOf(fakeRuntime({ failRun: () => original }).runtime);
    const error = (await failing.run(new Int32Array(3)).catch((e: unknown) => e)) as OnnxRuntimeError;
    expect(error).toMatchObject({ name: 'OnnxRuntimeError', stage: 'run', cause: original });
    expect(error.message).toMatch(/failed in run for x \(relu on 3 int32 elements\): fake: out of memory/);
    const short = await backendOf(fakeRuntime({ output: (x) => new Float32Array(x.length - 1) }).runtime);
    await expect(short.run(new Float32Array(3))).rejects.toThrow(/the output Y is a Float32Array of length 2, not 3 elements of float32/);
    const missing = await backendOf(fakeRuntime({ output: () => undefined }).runtime);
    await expect(missing.run(new Float32Array(3))).rejects.toThrow(OnnxRuntimeError);
  });

  it('passes its own typed errors through unchanged (a provider that failed its checks)', async () => {
    const unavailable = new ExecutionProviderUnavailableError('wasm', 'fake: the self-test failed');
    const backend = await backendOf(fakeRuntime({ failCreate: () => unavailable }).runtime);
    await expect(backend.run(new Float32Array(1))).rejects.toBe(unavailable);
  });
});

describe('OnnxBackend: dispose (fake runtime)', () => {
  it('lets runs in flight finish (even those waiting for their session), releases every session once, rejects later runs, never hangs', async () => {
    const { runtime, log } = fakeRuntime({ shared: true });
    const backend = await backendOf(runtime);
    await backend.run(new Int32Array(1));
    const inFlight = [
      backend.run(new Float32Array([-1, 3])),
      backend.run(new Uint16Array([0xbc00, 0x3c00]), { dtype: 'float16' }),
      backend.run(new Float32Array([-2, 8]), { op: 'relu6' }),
      backend.run(new Float32Array([-2]), { op: 'leakyRelu', attributes: { alpha: 0.5 } }),
    ];
    const disposing = backend.dispose();
    await expect(backend.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
    const results = await Promise.all(inFlight);
    expect(results.map((y) => [...y])).toEqual([[0, 3], [0, 0x3c00], [0, 6], [-1]]);
    await Promise.all([disposing, backend.dispose()]);
    expect(log.created.sort()).toEqual(['leakyRelu float32 0.5 n=N', 'relu float16 n=N', 'relu float32 n=N', 'relu int32 n=N', 'relu6 float32 n=N']);
    expect(log.released).toBe(5);
    await expect(backend.run(new Float32Array(1), { op: 'relu6' })).rejects.toThrow(BackendDisposedError);
  });

  it('settles when a run in flight fails, and releases nothing twice', async () => {
    const { runtime, log } = fakeRuntime({ failRun: () => new Error('fake: lost device') });
    const backend = await backendOf(runtime);
    const failing = backend.run(new Float32Array(4)).catch((e: unknown) => e);
    await backend.dispose();
    expect(await failing).toBeInstanceOf(OnnxRuntimeError);
    expect(log.released).toBe(1);
  });
});

describe('checks what it is given', () => {
  it('rejects bad backend options with a TypeError or RangeError naming the option', async () => {
    const { runtime } = fakeRuntime();
    const make = (options: unknown) => createOnnxBackend(options, async () => runtime);
    await expect(make(undefined)).rejects.toThrow(/onnxBackend: options must be an object/);
    await expect(make('wasm')).rejects.toThrow(TypeError);
    await expect(make({ executionProvider: 'cuda' })).rejects.toThrow(RangeError);
    await expect(make({ executionProvider: 'cuda' })).rejects.toThrow(`onnxBackend: options.executionProvider must be one of 'cpu' | 'wasm' | 'webgl' | 'webgpu'; got "cuda"`);
    await expect(make({ executionProvider: 3 })).rejects.toThrow(/options\.executionProvider must be one of .*; got the number 3/);
    await expect(make({ executionProvider: 'wasm', canonical: 'yes' })).rejects.toThrow(/options\.canonical must be a boolean; got a string "yes"/);
    await expect(make({ executionProvider: 'wasm', maxElementsPerRun: 0 })).rejects.toThrow(RangeError);
    await expect(make({ executionProvider: 'wasm', numThreads: 1.5 })).rejects.toThrow(/options\.numThreads must be an integer from 1 to 1024; got the number 1.5/);
    await expect(make({ executionProvider: 'wasm', gpu: true })).rejects.toThrow(/unknown key "gpu"/);
  });
});
