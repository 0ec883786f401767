import { type Attributes, BackendDisposedError, type DType, OPS, type OpName, type ReluBackend, type ReluTypedArray, arrayBits, arrayFromBits } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from './backend.js';
import { EP_OPS } from './capabilities.js';
import { type ExecutionProvider, ExecutionProviderUnavailableError, OnnxRuntimeError, onnxBackend } from './index.node.js';
import { loadNodeRuntime } from './runtimes.node.js';
import { capabilityProblems } from './test-support/capabilities.js';
import { probeOp } from './test-support/probe.js';
import { mismatchesWithCore, ordinaryValues, resizableBuffer } from './test-support/random.js';

/**
 * The real runtimes of the Node build: onnxruntime-node (cpu) and onnxruntime-web's wasm build.
 * What only this package can test: that the declared ops are what each provider really runs,
 * input capture, errors, dispose and concurrency on the real runtime. The numbers themselves
 * (every bit pattern, raw and canonical) are the conformance suite's.
 */
const RUNTIME: Record<'cpu' | 'wasm', string> = { cpu: 'onnxruntime-node 1.30.0', wasm: 'onnxruntime-web 1.30.0' };

const withBackend = async <R>(backend: Promise<ReluBackend>, fn: (backend: ReluBackend) => Promise<R>): Promise<R> => {
  const b = await backend;
  try {
    return await fn(b);
  } finally {
    await b.dispose();
  }
};

for (const executionProvider of ['cpu', 'wasm'] as const) {
  describe(`onnxBackend '${executionProvider}' in Node`, () => {
    it('names itself, reports what runs it, and declares the ops and dtypes it really runs', async () => {
      for (const canonical of [false, true]) {
        await withBackend(onnxBackend({ executionProvider, canonical }), async (backend) => {
          expect(backend.name).toBe(`${executionProvider === 'cpu' ? 'onnx-cpu' : 'onnx-web-wasm'}${canonical ? '+canonical' : ''}`);
          expect(backend.info).toMatchObject({ runtime: RUNTIME[executionProvider], executionProvider, canonical, onnx: 'relu: Relu-14 (opset 14), leakyRelu: LeakyRelu-16 (opset 16), relu6: Clip-13 (opset 13)' });
          expect(backend.ops).toEqual(EP_OPS[executionProvider]);
          expect(backend.dtypes).toEqual(EP_OPS[executionProvider].relu);
        });
      }
    });

    it('runs every op on every dtype it lists, and really cannot run the ones it leaves out, for the reason EXCLUDED_DTYPES gives', async () => {
      await withBackend(onnxBackend({ executionProvider }), async (backend) => {
        const problems = await capabilityProblems({
          executionProvider,
          ops: backend.ops!,
          run: async (op, attributes, dtype, bits) => arrayBits(dtype, await backend.run(arrayFromBits(dtype, bits), { op, attributes, dtype })),
          probe: (op, attributes, dtype, bits) => probeOp(loadNodeRuntime, executionProvider, op, attributes, dtype, bits),
        });
        expect(problems).toEqual([]);
      });
    });

    it('canonical mode gives @relu/core\'s bits where raw mode departs from them (-0, float32 alpha on float64, the int64 Clip fault)', async () => {
      const cases: [OpName, DType, string[], Record<string, number>][] = [
        ['relu', 'float32', ['0x80000000', '0x7fc00001', '0xff800000', '0x00000001'], {}],
        ['relu6', 'float64', ['0x8000000000000000', '0x4018000000000001', '0xfff8000000000000'], {}],
        ['relu6', 'int64', ['3000000000', '3000000000', '-5', '4294967295'], {}],
        ['leakyRelu', 'float64', ['0xbff0000000000000', '0x8000000000000001', '0x8000000000000000'], { alpha: 0.1 }],
        ['leakyRelu', 'float16', ['0x8096', '0x847e', '0x8000', '0xfc00'], { alpha: 0.01 }],
      ];
      await withBackend(onnxBackend({ executionProvider, canonical: true }), async (backend) => {
        for (const [op, dtype, bits, attributes] of cases) {
          const x = arrayFromBits(dtype, bits);
          expect(mismatchesWithCore(OPS[op], attributes, dtype, x, await backend.run(x, { op, attributes, dtype })), `${op} ${dtype}`).toEqual([]);
        }
      });
    });

    it('captures x at the call: writing, transferring or shrinking its buffer while the run is pending changes nothing', async () => {
      await withBackend(onnxBackend({ executionProvider }), async (backend) => {
        const written = new Float32Array([-1, 2, 3]);
        const first = backend.run(written, { op: 'relu6' });
        written.set([9, 9, 9]);
        const transferred = new Float64Array([-2, 4]);
        const second = backend.run(transferred, { op: 'leakyRelu', attributes: { alpha: 0.5 } });
        structuredClone(transferred.buffer, { transfer: [transferred.buffer] });
        const buffer = resizableBuffer(16, 32);
        const shrunk = new Int32Array(buffer);
        shrunk.set([-1, 2, -3, 4]);
        const third = backend.run(shrunk);
        buffer.resize(0);
        expect([...(await first)]).toEqual([0, 2, 3]);
        expect([...(await second)]).toEqual([-1, 4]);
        expect([...(await third)]).toEqual([0, 2, 0, 4]);
      });
    });

    it('identifies x by its internal slots: a lying subclass computes its real elements, a posing or out-of-bounds array is a TypeError naming x', async () => {
      await withBackend(onnxBackend({ executionProvider }), async (backend) => {
        class Liar extends Float32Array {
          override get length() {
            return 1;
          }
          override get buffer() {
            return new ArrayBuffer(4);
          }
        }
        const y = await backend.run(new Liar([-4, 2, 9]), { op: 'relu6' });
        expect(Object.getPrototypeOf(y)).toBe(Float32Array.prototype);
        expect([...y]).toEqual([0, 2, 6]);
        const posing = Object.defineProperty(new Int32Array([-1, 7]), Symbol.toStringTag, { value: 'Float32Array' });
        await expect(backend.run(posing as never)).rejects.toThrow(/x must be a typed array that says what it is/);
        const buffer = resizableBuffer(16, 16);
        const shrunk = new Float32Array(buffer, 8, 2);
        buffer.resize(4);
        await expect(backend.run(shrunk)).rejects.toThrow(/x must be backed by a live ArrayBuffer; got a Float32Array that is out of bounds/);
      });
    });

    it('takes SharedArrayBuffer-backed inputs of every op', async () => {
      await withBackend(onnxBackend({ executionProvider }), async (backend) => {
        const x = new Float32Array(new SharedArrayBuffer(16));
        x.set([-4, -0.5, 2, 8]);
        expect([...(await backend.run(x))]).toEqual([0, 0, 2, 8]);
        expect([...(await backend.run(x, { op: 'relu6' }))]).toEqual([0, 0, 2, 6]);
        expect([...(await backend.run(x, { op: 'leakyRelu', attributes: { alpha: 0.25 } }))]).toEqual([-1, -0.125, 2, 8]);
        const ints = new Int32Array(new SharedArrayBuffer(8));
        ints.set([-3, 9]);
        expect([...(await backend.run(ints, { op: 'relu6' }))]).toEqual([0, 6]);
      });
    });

    it('stays correct under many overlapping runs of every op, dtype and length', async () => {
      await withBackend(onnxBackend({ executionProvider, canonical: true }), async (backend) => {
        const calls = Object.entries(backend.ops!).flatMap(([op, dtypes]) => dtypes.map((dtype) => [op as OpName, dtype] as const));
        const jobs = Array.from({ length: 48 }, (_, i) => {
          const [op, dtype] = calls[i % calls.length]!;
          const attributes: Attributes = op === 'leakyRelu' ? { alpha: 0.05 * (i % 3) } : {};
          const x = ordinaryValues(dtype, 1 + ((i * 37) % 300), 100 + i);
          return { op, dtype, attributes, x, y: backend.run(x, { op, attributes, dtype }) };
        });
        for (const job of jobs) expect(mismatchesWithCore(OPS[job.op], job.attributes, job.dtype, job.x, await job.y), `${job.op} ${job.dtype} length ${job.x.length}`).toEqual([]);
      });
    });

    it('wraps what onnxruntime itself throws in an OnnxRuntimeError naming backend, provider and argument, with the original as cause', async () => {
      // A runtime that hands onnxruntime a truncated model: a real onnxruntime error, from session creation.
      const load = async (ep: ExecutionProvider) => {
        const runtime = await loadNodeRuntime(ep, { numThreads: undefined });
        return { ...runtime, createSession: (request: Parameters<typeof runtime.createSession>[0]) => runtime.createSession({ ...request, model: request.model.subarray(0, 20) }) };
      };
      const backend = await createOnnxBackend({ executionProvider }, load);
      const error = (await backend.run(new Float32Array([1]), { op: 'relu6' }).catch((e: unknown) => e)) as OnnxRuntimeError;
      expect(error).toBeInstanceOf(OnnxRuntimeError);
      expect(error).toMatchObject({ backend: backend.name, executionProvider, argument: 'x', stage: 'session creation' });
      expect(error.message).toMatch(new RegExp(`^${backend.name}\\.run: onnxruntime \\(execution provider '${executionProvider}'\\) failed in session creation for x \\(relu6 on 1 float32 elements\\): `));
      expect(error.cause).toBeInstanceOf(Error);
      expect(error.message).toContain((error.cause as Error).message);
      await backend.dispose();
    });

    it('dispose while runs of every op are in flight: they complete, later runs reject with BackendDisposedError, nothing hangs', async () => {
      const backend = await onnxBackend({ executionProvider });
      const inFlight: [OpName, ReluTypedArray, Promise<ReluTypedArray>][] = (['relu', 'leakyRelu', 'relu6'] as const).flatMap((op) =>
        Array.from({ length: 5 }, (_, i) => {
          const x = ordinaryValues('float32', 10 + i, i);
          return [op, x, backend.run(x, { op })] as [OpName, ReluTypedArray, Promise<ReluTypedArray>];
        }),
      );
      const disposed = backend.dispose();
      await expect(backend.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
      for (const [op, x, y] of inFlight) expect(mismatchesWithCore(OPS[op], {}, 'float32', x, await y), op).toEqual([]);
      await disposed;
      await backend.dispose();
      await expect(backend.run(new Float32Array(1), { op: 'relu6' })).rejects.toThrow(BackendDisposedError);
    });
  });
}

describe('onnxBackend in Node: unavailable and invalid execution providers', () => {
  for (const executionProvider of ['webgl', 'webgpu'] as ExecutionProvider[]) {
    it(`rejects '${executionProvider}' with ExecutionProviderUnavailableError`, async () => {
      const error = await onnxBackend({ executionProvider }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExecutionProviderUnavailableError);
      expect((error as Error).message).toContain(`'${executionProvider}'`);
      expect((error as Error).message).toMatch(/only in a browser/);
    });
  }

  it('rejects an unknown provider with a RangeError naming options.executionProvider, and a non-object with a TypeError', async () => {
    await expect(onnxBackend({ executionProvider: 'cuda' as ExecutionProvider })).rejects.toThrow(/options\.executionProvider.*"cuda"/);
    await expect(onnxBackend(undefined as never)).rejects.toThrow(TypeError);
    await expect(onnxBackend({ executionProvider: 'cpu', gpu: true } as never)).rejects.toThrow(/unknown key "gpu"/);
  });
});

describe('onnxBackend in Node: threads', () => {
  it("sets the CPU session's thread count from numThreads, and reports it", async () => {
    await withBackend(onnxBackend({ executionProvider: 'cpu', numThreads: 1 }), async (backend) => {
      expect(backend.info?.threads).toBe(1);
      expect([...(await backend.run(new Float32Array([-1, 1])))]).toEqual([0, 1]);
    });
    await expect(onnxBackend({ executionProvider: 'cpu', numThreads: 0 })).rejects.toThrow(/options\.numThreads/);
  });

  it("runs onnxruntime-web's wasm on one thread unless told otherwise", async () => {
    await withBackend(onnxBackend({ executionProvider: 'wasm' }), async (backend) => expect(backend.info?.threads).toBe(1));
  });
});
