/// <reference types="@webgpu/types" />
import { BYTES_PER_ELEMENT, type DType, type OpName, type ReluTypedArray, prng, randomBits, resolveOp, sameTypeArray } from '@relu/core';
import { describeAdapter, requestDevice } from './adapter.js';
import { webgpuBackend } from './backend.js';
import { kernelsFor } from './device-kernels.js';
import { GpuValidationError } from './errors.js';
import { planDispatches } from './plan.js';
import { type Recording, recordDispatches, uniformRecords, uniformStride } from './record.js';
import { kernelSource } from './wgsl/kernel.js';
import { type AttributeWords, type WgslOp, WGSL_OPS } from './wgsl/ops.js';

/** The copy shader's "op": the word itself. */
const COPY_OP: WgslOp = { source: 'fn copy_word(x: u32) -> u32 { return x; }', dtypes: ['float32'], functionName: () => 'copy_word', takesAttribute: false, attributeWords: () => [0, 0] };

export interface MeasureOptions {
  readonly dtype: DType;
  readonly length: number;
  /** Default 'relu'. */
  readonly op?: OpName;
  readonly attributes?: Readonly<Record<string, number>>;
  /** Measure on this device; by default one is requested (with timestamp-query where the adapter has it). */
  readonly device?: GPUDevice;
  /** Rounds; the figure is the median. Default 7. */
  readonly rounds?: number;
  /** Force a timing method (default: timestamp-query where the device has the feature). */
  readonly method?: TimingMethod;
}

/**
 * 'timestamp-query': GPU timestamps around the kernel's passes and around the copies (between two
 * empty passes, as a copy cannot carry timestamps itself). 'queue-completion': wall-clock time
 * from submit to onSubmittedWorkDone, which also counts submission.
 */
export type TimingMethod = 'timestamp-query' | 'queue-completion';

export interface KernelVsCopy {
  readonly method: TimingMethod;
  readonly adapter: string;
  readonly dtype: DType;
  readonly op: OpName;
  readonly length: number;
  readonly bytes: number;
  /** Median milliseconds of one kernel run, input buffer to output buffer. */
  readonly kernelMs: number;
  /** Median milliseconds of one copyBufferToBuffer of the same bytes. */
  readonly copyMs: number;
  /** copyMs / kernelMs: 1 = the kernel runs at copy speed, higher is faster. */
  readonly ratioToCopy: number;
  /**
   * Median milliseconds of a compute shader that only copies the same words, with the kernel's
   * own skeleton (bindings, 16 words per invocation): what moving the words through a compute
   * pass costs on this device, without the op.
   */
  readonly copyShaderMs: number;
  /** copyShaderMs / kernelMs: 1 = the op itself costs nothing beyond moving the words. */
  readonly ratioToCopyShader: number;
  /** Kernel runs (and copies) per timed batch. */
  readonly iterations: number;
}

/**
 * The on-GPU kernel against a copyBufferToBuffer of the same bytes on the same device, in the same
 * run, each round timing both back to back; for the bench. Creates and frees its own buffers.
 */
export async function measureKernelVsCopy(options: MeasureOptions): Promise<KernelVsCopy> {
  const { dtype, length } = options;
  const op = resolveOp('measureKernelVsCopy', 'options.op', options.op);
  const attributes = op.checkAttributes('measureKernelVsCopy', 'options.attributes', options.attributes);
  const { device, adapter, owned } = await deviceFor(options.device);
  device.pushErrorScope('validation');
  try {
    const method: TimingMethod = options.method ?? (device.features.has('timestamp-query') ? 'timestamp-query' : 'queue-completion');
    const bytes = length * BYTES_PER_ELEMENT[dtype];
    const size = Math.max(256, Math.ceil(bytes / 4) * 4);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const input = device.createBuffer({ label: 'measure input', size, usage });
    const output = device.createBuffer({ label: 'measure output', size, usage });
    const x = randomBits(dtype, length, prng(1));
    device.queue.writeBuffer(input, 0, new Uint8Array(x.buffer as ArrayBuffer, 0, Math.floor(bytes / 4) * 4));

    const kernels = kernelsFor(device);
    const alignment = device.limits.minStorageBufferOffsetAlignment;
    const stride = uniformStride(device);
    const recording = (pipeline: GPUComputePipeline, planned: DType, units: number, attribute: AttributeWords): Recording => {
      const dispatches = planDispatches({ dtype: planned, length: units, inputOffset: 0, outputOffset: 0, alignment, limits: device.limits });
      const records = uniformRecords(dispatches, attribute, stride);
      const uniform = device.createBuffer({ label: 'measure uniforms', size: Math.max(records.byteLength, 256), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(uniform, 0, records);
      return { kernels, pipeline, variant: 'separate', input, output, dispatches, uniform, uniformOffset: 0, stride };
    };
    const kernelRecording = recording(kernels.pipeline(op.name, dtype, 'separate'), dtype, length, WGSL_OPS[op.name].attributeWords(attributes, dtype));
    const copyShader = device.createComputePipeline({
      label: 'measure copy shader',
      layout: device.createPipelineLayout({ bindGroupLayouts: [kernels.layout('separate')] }),
      compute: { module: device.createShaderModule({ code: kernelSource(COPY_OP, 'float32', 'separate') }), entryPoint: 'main' },
    });
    const copyShaderRecording = recording(copyShader, 'float32', size / 4, [0, 0]);
    // Enough work per batch that the timer's resolution (Chromium rounds timestamps) stays small.
    const iterations = Math.max(1, Math.min(256, Math.ceil(2 ** 24 / Math.max(bytes, 1))));
    const repeat = (record: (encoder: GPUCommandEncoder) => void) => (encoder: GPUCommandEncoder) => {
      for (let i = 0; i < iterations; i++) record(encoder);
    };
    const batches = [
      repeat((encoder) => recordDispatches(encoder, kernelRecording)),
      repeat((encoder) => encoder.copyBufferToBuffer(input, 0, output, 0, size)),
      repeat((encoder) => recordDispatches(encoder, copyShaderRecording)),
    ];
    const timer = method === 'timestamp-query' ? timestampTimer(device, batches.length) : queueTimer(device);
    const times: number[][] = batches.map(() => []);
    await timer.time(batches); // warm-up: pipelines, first touch of the buffers
    for (let round = 0; round < (options.rounds ?? 7); round++) {
      (await timer.time(batches)).forEach((t, i) => times[i]!.push(t / iterations));
    }
    timer.destroy();
    [input, output, kernelRecording.uniform, copyShaderRecording.uniform].forEach((b) => b.destroy());
    const refused = await device.popErrorScope();
    if (refused) throw new GpuValidationError(`measureKernelVsCopy: the device refused the work: ${refused.message}`);
    const [kernelMs, copyMs, copyShaderMs] = times.map(median) as [number, number, number];
    return {
      method,
      adapter: describeAdapter(adapter).adapter as string,
      dtype,
      op: op.name,
      length,
      bytes,
      kernelMs,
      copyMs,
      ratioToCopy: copyMs / kernelMs,
      copyShaderMs,
      ratioToCopyShader: copyShaderMs / kernelMs,
      iterations,
    };
  } finally {
    if (owned) device.destroy();
  }
}
export interface RunVsRoundTrip {
  readonly adapter: string;
  readonly dtype: DType;
  readonly op: OpName;
  readonly length: number;
  /** Median milliseconds of webgpuBackend().run(x). */
  readonly runMs: number;
  /** Median milliseconds of uploading the same bytes and reading them back into a new array, no kernel. */
  readonly roundTripMs: number;
  /** roundTripMs / runMs: 1 = run() costs only the transfers, higher is faster. */
  readonly ratioToRoundTrip: number;
}

/** End to end: backend.run(x) against a plain upload + readback of the same bytes, interleaved per round. */
export async function measureRunVsRoundTrip(options: Omit<MeasureOptions, 'method'>): Promise<RunVsRoundTrip> {
  const { dtype, length } = options;
  const op = resolveOp('measureRunVsRoundTrip', 'options.op', options.op);
  const attributes = op.checkAttributes('measureRunVsRoundTrip', 'options.attributes', options.attributes);
  const backend = await webgpuBackend(options.device ? { device: options.device } : {});
  const { device } = backend;
  const x = randomBits(dtype, length, prng(2)) as ReluTypedArray;
  const bytes = Math.max(4, Math.ceil(x.byteLength / 4) * 4);
  const work = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const readback = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const src = new Uint8Array(x.buffer as ArrayBuffer, x.byteOffset, x.byteLength);
  const roundTrip = async (): Promise<ReluTypedArray> => {
    const y = sameTypeArray(x);
    const whole = src.length - (src.length % 4);
    device.queue.writeBuffer(work, 0, src, 0, whole);
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(work, 0, readback, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ, 0, bytes);
    new Uint8Array(y.buffer).set(new Uint8Array(readback.getMappedRange(0, bytes), 0, whole));
    readback.unmap();
    return y;
  };
  const run = (): Promise<ReluTypedArray> => backend.run(x, { dtype, op: op.name, attributes });
  const calls = Math.max(1, Math.min(64, Math.ceil(2 ** 22 / Math.max(x.byteLength, 1))));
  const timed = async (f: () => Promise<unknown>): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await f();
    return (performance.now() - start) / calls;
  };
  try {
    await timed(run);
    await timed(roundTrip);
    const runs: number[] = [];
    const trips: number[] = [];
    for (let round = 0; round < (options.rounds ?? 7); round++) {
      runs.push(await timed(run));
      trips.push(await timed(roundTrip));
    }
    const runMs = median(runs);
    const roundTripMs = median(trips);
    return { adapter: String(backend.info.adapter), dtype, op: op.name, length, runMs, roundTripMs, ratioToRoundTrip: roundTripMs / runMs };
  } finally {
    work.destroy();
    readback.destroy();
    await backend.dispose();
  }
}

type Batch = (encoder: GPUCommandEncoder) => void;

interface Timer {
  /** Milliseconds of each batch, all recorded into one submission. */
  time(batches: readonly Batch[]): Promise<number[]>;
  destroy(): void;
}

/** GPU timestamps: each batch between two empty passes that write them (a copy cannot carry its own). */
function timestampTimer(device: GPUDevice, count: number): Timer {
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 * count });
  const resolve = device.createBuffer({ size: 16 * count, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ size: 16 * count, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const mark = (encoder: GPUCommandEncoder, index: number): void => encoder.beginComputePass({ timestampWrites: { querySet, endOfPassWriteIndex: index } }).end();
  return {
    async time(batches) {
      const encoder = device.createCommandEncoder();
      batches.forEach((batch, i) => {
        mark(encoder, 2 * i);
        batch(encoder);
        mark(encoder, 2 * i + 1);
      });
      encoder.resolveQuerySet(querySet, 0, 2 * count, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, read, 0, 16 * count);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const stamps = new BigUint64Array(read.getMappedRange().slice(0));
      read.unmap();
      return batches.map((_, i) => Number(stamps[2 * i + 1]! - stamps[2 * i]!) / 1e6);
    },
    destroy() {
      querySet.destroy();
      resolve.destroy();
      read.destroy();
    },
  };
}

/** Wall clock from submit to onSubmittedWorkDone, one submission per batch. */
function queueTimer(device: GPUDevice): Timer {
  const once = async (batch: Batch): Promise<number> => {
    const encoder = device.createCommandEncoder();
    batch(encoder);
    const commands = encoder.finish();
    await device.queue.onSubmittedWorkDone();
    const start = performance.now();
    device.queue.submit([commands]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - start;
  };
  return {
    async time(batches) {
      const times: number[] = [];
      for (const batch of batches) times.push(await once(batch));
      return times;
    },
    destroy() {},
  };
}

async function deviceFor(given: GPUDevice | undefined): Promise<{ device: GPUDevice; adapter: GPUAdapterInfo | undefined; owned: boolean }> {
  if (given) return { device: given, adapter: (given as { adapterInfo?: GPUAdapterInfo }).adapterInfo, owned: false };
  const { adapter, device } = await requestDevice('measureKernelVsCopy', undefined, ['timestamp-query']);
  return { device, adapter: adapter.info, owned: true };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
