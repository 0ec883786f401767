import { OPS, type OpName, allocate, prng, randomBits } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Completion, callerCanBlock } from './completion.js';
import type { Job } from './job.js';
import { KernelTable, attributeArguments } from './kernels.js';
import { ThreadPool } from './thread-pool.js';
import { compileReluModule } from './wasm-binaries.js';
import { expectSameBits } from './test-support/bits.js';

// The pool alone, in each way a caller can wait for the workers: 'block' is what Node's main
// thread uses; 'waitAsync' and 'message' are what a browser's main thread uses, exercised here.

let module: WebAssembly.Module;
let memory: WebAssembly.Memory;
let kernels: KernelTable;
beforeAll(async () => {
  module = await compileReluModule(true);
  memory = new WebAssembly.Memory({ initial: 1024, maximum: 2048, shared: true });
  kernels = KernelTable.of(await WebAssembly.instantiate(module, { env: { memory } }));
});

function job(op: OpName, src: number, dst: number, n: number, attributes = {}): Job {
  const kernel = kernels.get(op, 'float32')!;
  return { kernel, src, dst, n, attributes: attributeArguments(kernel, OPS[op].checkAttributes('test', 'attributes', attributes)) };
}

it('knows that Node’s main thread may block', () => {
  expect(callerCanBlock()).toBe(true);
});

describe.each(['block', 'waitAsync', 'message'] satisfies Completion[])('ThreadPool with completion %s', (completion) => {
  let pool: ThreadPool;
  beforeAll(async () => {
    pool = await ThreadPool.create(module, memory, 2, { completion });
  });
  afterAll(() => pool.terminate(new Error('test over')));

  it('runs every task of every op, bit-exact, for many jobs in a row and overlapping', async () => {
    expect(pool.completion).toBe(completion);
    expect(pool.workers).toBe(2);
    const random = prng(1);
    const jobs: Promise<void>[] = [];
    const expected: Float32Array[] = [];
    const ops: OpName[] = ['relu', 'relu6', 'leakyRelu'];
    for (let i = 0; i < 12; i++) {
      // Lengths from below one task per thread to several 1 MiB tasks, with tails.
      const n = 1000 + i * 47_333;
      const src = 1024 + i * 2 * 4 * 550_000;
      const dst = src + 4 * 550_000;
      const input = randomBits('float32', n, random);
      new Float32Array(memory.buffer, src, n).set(input);
      const op = ops[i % 3]!;
      const attributes = op === 'leakyRelu' ? { alpha: i / 7 - 0.5 } : {};
      const want = allocate('float32', n);
      OPS[op].forward('float32', OPS[op].checkAttributes('test', 'attributes', attributes) as never, input, want);
      expected.push(want);
      jobs.push(pool.run(job(op, src, dst, n, attributes)));
    }
    await Promise.all(jobs);
    expected.forEach((want, i) => expectSameBits('float32', new Float32Array(memory.buffer, 1024 + i * 2 * 4 * 550_000 + 4 * 550_000, want.length), want));
  });

  it('runs an empty job', async () => {
    await expect(pool.run(job('relu', 1024, 1024, 0))).resolves.toBeUndefined();
  });

  it('lets a job in flight finish on the calling thread when terminated, and rejects later ones', async () => {
    const doomed = await ThreadPool.create(module, memory, 1, { completion });
    const n = 1 << 22;
    const input = randomBits('float32', n, prng(2));
    new Float32Array(memory.buffer, 1024, n).set(input);
    const pending = doomed.run(job('relu', 1024, 1024 + 4 * n, n));
    await doomed.terminate(new Error('stopped'));
    await pending;
    const want = allocate('float32', n);
    OPS.relu.forward('float32', {}, input, want);
    expectSameBits('float32', new Float32Array(memory.buffer, 1024 + 4 * n, n), want);
    await expect(doomed.run(job('relu', 1024, 1024, 100))).rejects.toThrow('stopped');
  });
});
