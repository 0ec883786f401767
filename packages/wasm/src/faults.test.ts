import { BackendDisposedError, OPS, type OpName, type ReluTypedArray, allocate, prng, randomBits } from '@relu/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openWasmBackend } from './backend.js';
import type { Completion } from './completion.js';
import type { Job } from './job.js';
import { KernelTable, attributeArguments } from './kernels.js';
import { ThreadPool, type ThreadPoolOptions } from './thread-pool.js';
import { compileReluModule } from './wasm-binaries.js';
import { expectSameBits } from './test-support/bits.js';
import { FAULTS, faultyProgram, recordingSpawn } from './test-support/faulty-workers.js';

// Workers that die, crash, fail or hang in the middle of a job: the job still completes bit for
// bit, the pool notices within a second (not after a long limit), replaces the worker or falls
// back to one thread and says so, and the calling thread never blocks for long.

let module: WebAssembly.Module;
let memory: WebAssembly.Memory;
let kernels: KernelTable;
beforeAll(async () => {
  module = await compileReluModule(true);
  memory = new WebAssembly.Memory({ initial: 640, maximum: 640, shared: true });
  kernels = KernelTable.of(await WebAssembly.instantiate(module, { env: { memory } }));
});

const pools: ThreadPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.terminate(new Error('test over'))));
});

/** 16 tasks of 1 MiB. */
const N = 1 << 22;
const SRC = 1024;
const DST = SRC + 4 * N + 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * A pool of 2 workers running `code` before each kernel call. Every worker task also takes 20 ms
 * longer, so that a job lasts long enough for both workers to wake and claim tasks (one of them
 * is the faulty one) even on a loaded machine.
 */
async function faultyPool(code: string, options: ThreadPoolOptions & { atStart?: string } = {}) {
  const recorder = recordingSpawn();
  const program = faultyProgram(`${FAULTS.delay(20)}; ${code}`, options.atStart);
  const pool = await ThreadPool.create(module, memory, 2, { program, spawn: recorder.spawn, ...options });
  pools.push(pool);
  return { pool, workers: recorder.workers };
}

/**
 * A job whose tasks on the calling thread take `callerMs` longer, so that the workers, which wake
 * some microseconds after it starts, always get tasks of their own to fail on.
 */
function prepare(op: OpName, { inPlace = false, callerMs = 2, attributes = {} } = {}): { job: Job; expected: ReluTypedArray; output: () => Float32Array } {
  const input = randomBits('float32', N, prng(N));
  new Float32Array(memory.buffer, SRC, N).set(input);
  const checked = OPS[op].checkAttributes('test', 'attributes', attributes);
  const expected = allocate('float32', N);
  OPS[op].forward('float32', checked as never, input, expected);
  const real = kernels.get(op, 'float32')!;
  const kernel = { ...real, run: (src: number, dst: number, n: number, a0?: number, a1?: number) => (busyWait(callerMs), real.run(src, dst, n, a0, a1)) };
  const dst = inPlace ? SRC : DST;
  return { job: { kernel, src: SRC, dst, n: N, attributes: attributeArguments(real, checked) }, expected, output: () => new Float32Array(memory.buffer, dst, N) };
}

async function eventually(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

describe.each(['block', 'waitAsync', 'message'] satisfies Completion[])('with completion %s', (completion) => {
  it('a worker terminated from outside mid-job: the job completes exactly, soon, and the worker is replaced', async () => {
    const { pool, workers } = await faultyPool(FAULTS.delay(1500), { completion });
    const { job, expected, output } = prepare('relu', { callerMs: 1 });
    const started = performance.now();
    const pending = pool.run(job);
    const returnedAfter = performance.now() - started;
    await sleep(20);
    await workers[0]!.terminate();
    await pending;
    const elapsed = performance.now() - started;
    expectSameBits('float32', output(), expected);
    // The other worker's 1.5 s task bounds the job; a lost worker is never waited for.
    expect(elapsed).toBeLessThan(4000);
    // The calling thread did its own share, then waited without blocking on the workers' 1.5 s.
    expect(returnedAfter).toBeLessThan(1500);
    await eventually(() => pool.workers === 2);
    expect(pool.restarts).toBe(1);
    expect(pool.fallbackReason).toBeUndefined();
  });

  it.each([
    ['process.exit in the worker', FAULTS.exit, 1],
    ['an uncaught crash in the worker, its task claimed', FAULTS.crash, 1],
    ['a kernel that throws in the worker (the worker survives)', FAULTS.throw, 0],
  ] as const)('%s: the job completes exactly and the pool recovers', async (_label, code, restarts) => {
    const { pool } = await faultyPool(code, { completion });
    for (const op of ['relu', 'relu6', 'leakyRelu'] as const) {
      const { job, expected, output } = prepare(op, { attributes: op === 'leakyRelu' ? { alpha: 0.3 } : {} });
      const started = performance.now();
      await pool.run(job);
      expect(performance.now() - started).toBeLessThan(2500);
      expectSameBits('float32', output(), expected);
    }
    await eventually(() => pool.workers === 2);
    expect(pool.restarts).toBe(restarts);
  });

  it('a hung worker is stopped after stuckMs and its task runs elsewhere', async () => {
    const { pool } = await faultyPool(FAULTS.hang, { completion, stuckMs: 300 });
    const { job, expected, output } = prepare('relu6');
    const started = performance.now();
    await pool.run(job);
    const elapsed = performance.now() - started;
    expectSameBits('float32', output(), expected);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
    await eventually(() => pool.workers === 2);
    expect(pool.restarts).toBe(1);
  });
});

describe('what cannot be run twice', () => {
  it('leakyRelu in place that a dead worker left half done rejects, naming the elements; out of place it completes exactly', async () => {
    const { pool } = await faultyPool(FAULTS.exit);
    const inPlace = prepare('leakyRelu', { inPlace: true });
    await expect(pool.run(inPlace.job)).rejects.toThrow(/died or failed while running leakyRelu in place; elements \[\d+, \d+\)/);
    await eventually(() => pool.workers === 2);
    const outOfPlace = prepare('leakyRelu');
    const { pool: second } = await faultyPool(FAULTS.exit);
    await second.run(outOfPlace.job);
    expectSameBits('float32', outOfPlace.output(), outOfPlace.expected);
  });
});

describe('falling back to one thread', () => {
  it('after maxRestarts lost workers, every job runs on the calling thread, and fallbackReason says why', async () => {
    const { pool } = await faultyPool('process.exit(3)', { maxRestarts: 1 });
    const first = prepare('relu');
    await pool.run(first.job);
    expectSameBits('float32', first.output(), first.expected);
    await eventually(() => pool.fallbackReason !== undefined);
    expect(pool.fallbackReason).toMatch(/worker threads were lost and replaced/);
    expect(pool.workers).toBe(0);
    const second = prepare('relu6', { callerMs: 0 });
    await pool.run(second.job);
    expectSameBits('float32', second.output(), second.expected);
  });

  it('when a replacement cannot start', async () => {
    const { pool } = await faultyPool(FAULTS.exit, { atStart: 'if (owner >= 3) process.exit(9)' });
    const { job, expected, output } = prepare('relu');
    await pool.run(job);
    expectSameBits('float32', output(), expected);
    await eventually(() => pool.fallbackReason !== undefined);
    expect(pool.fallbackReason).toMatch(/could not be replaced/);
  });
});

describe('through wasmBackend()', () => {
  const x = randomBits('float32', N, prng(77)) as Float32Array;
  const want = (op: OpName): ReluTypedArray => {
    const y = allocate('float32', N);
    OPS[op].forward('float32', OPS[op].defaults as never, x, y);
    return y;
  };

  it('a lost worker: run() is still exact, and info says what happened (a live value)', async () => {
    const backend = await openWasmBackend({ threads: 3, parallelThresholdBytes: 0 }, { pool: { program: faultyProgram(`${FAULTS.delay(50)}; ${FAULTS.exit}`) } });
    try {
      expect(backend.info).toMatchObject({ threads: 3 });
      expect(backend.info.workerRestarts).toBeUndefined();
      for (const op of ['relu', 'leakyRelu'] as const) expectSameBits('float32', await backend.run(x, { op }), want(op));
      await eventually(() => backend.info.workerRestarts === 1 && backend.info.threads === 3);
      expect(backend.runtime.workerRestarts).toBe(1);
    } finally {
      await backend.dispose();
    }
  });

  it('dispose() while a run is in flight: the run completes with its result, dispose() resolves, later runs reject', async () => {
    const backend = await openWasmBackend({ threads: 3, parallelThresholdBytes: 0 }, { pool: { program: faultyProgram(FAULTS.delay(300)) } });
    let settled = false;
    const pending = backend.run(x, { op: 'relu6' });
    void pending.then(() => (settled = true));
    const disposed = backend.dispose();
    await sleep(50);
    // The workers' tasks take 300 ms: the run is still in flight when dispose() is called.
    expect(settled).toBe(false);
    expectSameBits('float32', await pending, want('relu6'));
    await disposed;
    await expect(backend.run(x)).rejects.toThrow(BackendDisposedError);
  });

  it('dispose() never hangs on a hung worker', async () => {
    const backend = await openWasmBackend({ threads: 3, parallelThresholdBytes: 0 }, { pool: { program: faultyProgram(FAULTS.hang), stuckMs: 300 } });
    const started = performance.now();
    const pending = backend.run(x, { op: 'leakyRelu' });
    await backend.dispose();
    expectSameBits('float32', await pending, want('leakyRelu'));
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
