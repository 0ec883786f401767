/// <reference types="@webgpu/types" />
import {
  BYTES_PER_ELEMENT,
  BackendDisposedError,
  DTYPES,
  type DType,
  type OpName,
  type ReluBackend,
  type ReluTypedArray,
  type RunOptions,
  argumentRangeError,
  argumentTypeError,
  checkOptions,
  checkRun,
  describeValue,
  intrinsicView,
} from '@relu/core';
import { describeAdapter, requestDevice } from './adapter.js';
import { type DeviceKernels, kernelsFor } from './device-kernels.js';
import { DeviceLostError, GpuValidationError } from './errors.js';
import { checkDevice } from './gpu-call.js';
import { type SplitLimits, minimumBindingSize, planDispatches } from './plan.js';
import { submitCall } from './submit.js';
import { UNITS_PER_INVOCATION, WORKGROUP_SIZE } from './wgsl/kernel.js';
import { type AttributeWords, WEBGPU_OPS, WGSL_OPS } from './wgsl/ops.js';

export interface WebGpuLimits extends SplitLimits {
  /** Largest buffer the backend creates; longer inputs run in several rounds. */
  readonly maxBufferSize: number;
}

export interface WebGpuBackendOptions {
  /** Run on this device (for example the one your model runs on) instead of requesting one. */
  readonly device?: GPUDevice;
  /** navigator.gpu.requestAdapter's powerPreference when no device is given. */
  readonly powerPreference?: GPUPowerPreference;
  /** Smaller limits than the device's, to bound each buffer and dispatch (each at most the device's). */
  readonly limits?: Partial<WebGpuLimits>;
}

/** A ReluBackend on WebGPU; `device` is the device it computes on. */
export interface WebGpuBackend extends ReluBackend {
  readonly device: GPUDevice;
  readonly info: Readonly<Record<string, string | number | boolean>>;
}

const NAME = 'webgpu';
const OPTION_KEYS = ['device', 'powerPreference', 'limits'] as const;
const LIMIT_KEYS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupsPerDimension'] as const;
const POWER_PREFERENCES: readonly string[] = ['low-power', 'high-performance'];

/**
 * A ReluBackend that uploads x to a GPU buffer, runs the kernel in place there, and reads the
 * result back: bit-exact to @relu/core for every op and dtype in `ops`. Rejects with
 * WebGpuUnavailableError (saying why) when there is no WebGPU, never falling back to the CPU.
 */
export async function webgpuBackend(options?: WebGpuBackendOptions): Promise<WebGpuBackend> {
  const fn = 'webgpuBackend';
  const opts = checkOptions(fn, options, OPTION_KEYS);
  if (opts.powerPreference !== undefined && !POWER_PREFERENCES.includes(opts.powerPreference as string)) {
    throw argumentRangeError(fn, 'options.powerPreference', "'low-power' or 'high-performance'", describeValue(opts.powerPreference));
  }
  let device: GPUDevice;
  let adapterInfo: GPUAdapterInfo | undefined;
  let owned = false;
  if (opts.device !== undefined) {
    device = checkDevice(fn, 'options.device', opts.device);
    adapterInfo = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  } else {
    const requested = await requestDevice(fn, opts.powerPreference as GPUPowerPreference | undefined);
    device = requested.device;
    adapterInfo = requested.adapter.info;
    owned = true;
  }
  const limits = checkBackendLimits(fn, opts.limits, device);
  return new WebGpuReluBackend(device, owned, limits, {
    ...describeAdapter(adapterInfo),
    ...limits,
    workgroupSize: WORKGROUP_SIZE,
    wordsPerInvocation: UNITS_PER_INVOCATION,
    ownDevice: owned,
  });
}

function checkBackendLimits(fn: string, value: unknown, device: GPUDevice): WebGpuLimits {
  const given = checkOptions(fn, value, LIMIT_KEYS, 'options.limits');
  const minimum = minimumBindingSize(device.limits.minStorageBufferOffsetAlignment);
  const minimums: Record<(typeof LIMIT_KEYS)[number], number> = { maxBufferSize: minimum, maxStorageBufferBindingSize: minimum, maxComputeWorkgroupsPerDimension: 1 };
  const result = {} as Record<(typeof LIMIT_KEYS)[number], number>;
  for (const key of LIMIT_KEYS) {
    const v = given[key];
    const deviceLimit = device.limits[key];
    if (v === undefined) result[key] = deviceLimit;
    else if (typeof v !== 'number') throw argumentTypeError(fn, `options.limits.${key}`, 'an integer', v);
    else if (!Number.isSafeInteger(v) || v < minimums[key] || v > deviceLimit) {
      throw argumentRangeError(fn, `options.limits.${key}`, `an integer from ${minimums[key]} to the device's ${deviceLimit}`, describeValue(v));
    } else result[key] = v;
  }
  return result;
}

/** The bytes of a plain array this package made (never a caller's: its buffer getter could lie). */
const bytesOf = (array: ReluTypedArray): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

class WebGpuReluBackend implements WebGpuBackend {
  readonly name = NAME;
  readonly dtypes = DTYPES;
  readonly ops = WEBGPU_OPS;
  readonly #kernels: DeviceKernels;
  #disposed = false;
  /** Runs take turns: they share the work and readback buffers. */
  #turn: Promise<unknown> = Promise.resolve();
  #work: GPUBuffer | undefined;
  #readback: GPUBuffer | undefined;

  constructor(
    readonly device: GPUDevice,
    private readonly owned: boolean,
    private readonly limits: WebGpuLimits,
    readonly info: Readonly<Record<string, string | number | boolean>>,
  ) {
    this.#kernels = kernelsFor(device);
  }

  async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
    if (this.#disposed) throw new BackendDisposedError(NAME);
    // x's kind and length from its internal slots: a subclass's length or buffer cannot redirect the reads.
    const call = checkRun(NAME, this.ops, x, options);
    this.#throwIfLost();
    const y = new call.kind.Constructor(call.length) as T;
    if (call.length === 0) return y;
    const attribute = WGSL_OPS[call.op.name].attributeWords(call.attributes, call.dtype);
    // Captured before the first await (runs take turns): a caller who writes to, transfers or
    // shrinks x's buffer while the promise is pending never changes the result.
    const src = bytesOf(intrinsicView(call.kind, x, call.length)).slice();
    const turn = this.#turn.then(() => this.#compute(call.dtype, call.op.name, attribute, src, bytesOf(y)));
    this.#turn = turn.catch(() => {});
    await turn;
    return y;
  }

  async #compute(dtype: DType, op: OpName, attribute: AttributeWords, src: Uint8Array, dst: Uint8Array): Promise<void> {
    // Rounds of whole 8-byte groups, so that each starts on an element and a word for every dtype.
    const round = Math.floor(this.limits.maxBufferSize / 8) * 8;
    for (let start = 0; start < src.length; start += round) {
      if (this.#disposed) throw new BackendDisposedError(NAME);
      this.#throwIfLost();
      await this.#computeRound(dtype, op, attribute, src.subarray(start, start + round), dst.subarray(start, start + round));
    }
  }

  async #computeRound(dtype: DType, op: OpName, attribute: AttributeWords, src: Uint8Array, dst: Uint8Array): Promise<void> {
    const { device } = this;
    const bytes = Math.ceil(src.length / 4) * 4;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const work = this.#buffer('work', bytes);
    const readback = this.#buffer('readback', bytes);
    const whole = src.length - (src.length % 4);
    if (whole > 0) device.queue.writeBuffer(work, 0, src as Uint8Array<ArrayBuffer>, 0, whole);
    if (whole < src.length) {
      const tail = new Uint8Array(4);
      tail.set(src.subarray(whole));
      device.queue.writeBuffer(work, whole, tail);
    }
    const length = src.length / BYTES_PER_ELEMENT[dtype];
    submitCall(
      {
        kernels: this.#kernels,
        op,
        dtype,
        attribute,
        variant: 'inplace',
        input: work,
        output: work,
        dispatches: planDispatches({ dtype, length, inputOffset: 0, outputOffset: 0, alignment: device.limits.minStorageBufferOffsetAlignment, limits: this.limits }),
      },
      (encoder) => encoder.copyBufferToBuffer(work, 0, readback, 0, bytes),
    );
    const validation = device.popErrorScope();
    const memory = device.popErrorScope();
    try {
      await readback.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (error) {
      this.#throwIfLost();
      const refused = (await validation) ?? (await memory);
      throw new GpuValidationError(`${NAME}.run: reading the result back failed: ${refused?.message ?? (error as Error).message}`);
    }
    const refused = (await validation) ?? (await memory);
    if (refused) {
      readback.unmap();
      throw new GpuValidationError(`${NAME}.run: the device refused the work: ${refused.message}`);
    }
    dst.set(new Uint8Array(readback.getMappedRange(0, bytes), 0, src.length));
    readback.unmap();
  }

  /** The work (STORAGE) or readback (MAP_READ) buffer, grown when a run needs more. */
  #buffer(which: 'work' | 'readback', bytes: number): GPUBuffer {
    const current = which === 'work' ? this.#work : this.#readback;
    if (current && current.size >= bytes) return current;
    current?.destroy();
    const usage = which === 'work' ? GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST : GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
    const buffer = this.device.createBuffer({ label: `relu backend ${which}`, size: Math.max(bytes, 256), usage });
    if (which === 'work') this.#work = buffer;
    else this.#readback = buffer;
    return buffer;
  }

  #throwIfLost(): void {
    const lost = this.#kernels.lost;
    if (lost) throw new DeviceLostError(`${NAME}.run`, lost.reason, lost.message);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#turn;
    this.#work?.destroy();
    this.#readback?.destroy();
    if (this.owned) this.device.destroy();
  }
}
