import { BackendDisposedError, relu } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNEL_EXPORTS, type Kernels, kernelsOf } from './kernels.js';
import { type Completion, ThreadPool, callerCanBlock } from './thread-pool.js';
import { compileReluModule } from './wasm-binaries.js';
import { expectSameBits, fillRandomBits, randomGenerator } from './test-support/bits.js';

// The pool alone, in each way a caller can wait for the workers: 'block' is what Node's main
// thread uses; 'waitAsync' and 'message' are what a browser's main thread uses, exercised here.

let module: WebAssembly.Module;
let memory: WebAssembly.Memory;
let kernels: Kernels;
beforeAll(async () => {
  module = await compileReluModule(true);
  memory = new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true });
  kernels = kernelsOf(await WebAssembly.instantiate(module, { env: { memory } }));
});

it('knows that Node’s main thread may block', () => {
  expect(callerCanBlock()).toBe(true);
});

describe.each(['block', 'waitAsync', 'message'] satisfies Completion[])('ThreadPool with completion %s', (completion) => {
  let pool: ThreadPool;
  beforeAll(async () => {
    pool = await ThreadPool.create(module, memory, 2, completion);
  });
  afterAll(() => pool.terminate(new Error('test over')));

  it('runs every chunk of a job, bit-exact, for many jobs in a row and overlapping', async () => {
    expect(pool.completion).toBe(completion);
    const random = randomGenerator(1);
    const jobs = [];
    const expected: Float32Array[] = [];
    for (let i = 0; i < 12; i++) {
      const n = 1000 + i * 333;
      const src = 1024 + i * 65536;
      const input = new Float32Array(memory.buffer, src, n);
      fillRandomBits(input, random);
      expected.push(relu(input));
      jobs.push(pool.run(KERNEL_EXPORTS.float32, kernels.float32, src, src + 32768, n, 4));
    }
    await Promise.all(jobs);
    expected.forEach((want, i) => expectSameBits('float32', new Float32Array(memory.buffer, 1024 + i * 65536 + 32768, want.length), want));
  });

  it('rejects a job in flight, and later ones, once terminated', async () => {
    const doomed = await ThreadPool.create(module, memory, 1, completion);
    const job = doomed.run(KERNEL_EXPORTS.int8, kernels.int8, 1024, 1024, 1 << 20, 1);
    const settled = completion === 'block' ? expect(job).resolves.toBeUndefined() : expect(job).rejects.toThrow(BackendDisposedError);
    await doomed.terminate(new BackendDisposedError('wasm-threads'));
    await settled;
    await expect(doomed.run(KERNEL_EXPORTS.int8, kernels.int8, 1024, 1024, 100, 1)).rejects.toThrow(BackendDisposedError);
  });
});
