import { afterAll, describe, expect, it } from 'vitest';
import { type ExecutionProvider, ExecutionProviderUnavailableError, onnxBackend } from './index.node.js';
import { loadNodeRuntime } from './runtimes.node.js';
import { probeDType } from './test-support/probe.js';
import { mismatchesWithCore, randomBits } from './test-support/random.js';
import { backendSuite } from './test-support/suite.js';

const RUNTIME: Record<'cpu' | 'wasm', string> = { cpu: 'onnxruntime-node 1.30.0', wasm: 'onnxruntime-web 1.30.0' };
const rawBits: string[] = [];
afterAll(() => {
  if (rawBits.length) console.log(['raw float32 bits | -0 | +NaN 7fc00001 | -NaN ffc00000 | -Inf | +subnormal 00000001 |', ...rawBits].join('\n'));
});

for (const executionProvider of ['cpu', 'wasm'] as const) {
  describe(`onnxBackend '${executionProvider}' in Node`, () => {
    backendSuite(() => ({
      executionProvider,
      runtime: RUNTIME[executionProvider],
      make: (options) => onnxBackend({ executionProvider, ...options }),
      probe: (dtype, inputs) => probeDType(loadNodeRuntime, executionProvider, dtype, inputs),
      report: (line) => rawBits.push(line),
    }));

    it('runs a long input (1e6 float32) in one call, canonical bit-exact to @relu/core', async () => {
      const backend = await onnxBackend({ executionProvider, canonical: true });
      const x = randomBits('float32', 1_000_000, 5);
      expect(mismatchesWithCore('float32', x, await backend.run(x))).toEqual([]);
      await backend.dispose();
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
    await expect(onnxBackend({ executionProvider: 'cuda' as ExecutionProvider })).rejects.toThrow(RangeError);
    await expect(onnxBackend({ executionProvider: 'cuda' as ExecutionProvider })).rejects.toThrow(/options\.executionProvider.*"cuda"/);
    await expect(onnxBackend({ executionProvider: 3 as unknown as ExecutionProvider })).rejects.toThrow(TypeError);
    await expect(onnxBackend(undefined as never)).rejects.toThrow(TypeError);
    await expect(onnxBackend('cpu' as never)).rejects.toThrow(TypeError);
    await expect(onnxBackend({ executionProvider: 'cpu', gpu: true } as never)).rejects.toThrow(/unknown key "gpu"/);
  });
});


describe('onnxBackend in Node: threads', () => {
  it("sets the CPU session's thread count from numThreads, and reports it", async () => {
    const backend = await onnxBackend({ executionProvider: 'cpu', numThreads: 1 });
    expect(backend.info?.threads).toBe(1);
    expect([...(await backend.run(new Float32Array([-1, 1])))]).toEqual([0, 1]);
    await backend.dispose();
    await expect(onnxBackend({ executionProvider: 'cpu', numThreads: 0 })).rejects.toThrow(/options\.numThreads/);
    await expect(onnxBackend({ executionProvider: 'cpu', numThreads: 1.5 })).rejects.toThrow(RangeError);
  });

  it("runs onnxruntime-web's wasm on one thread unless told otherwise", async () => {
    const backend = await onnxBackend({ executionProvider: 'wasm' });
    expect(backend.info?.threads).toBe(1);
    await backend.dispose();
  });
});
