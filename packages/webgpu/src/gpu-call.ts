/// <reference types="@webgpu/types" />
import {
  type Attributes,
  BYTES_PER_ELEMENT,
  DTYPES,
  type DType,
  type OpName,
  UnsupportedDTypeError,
  argumentRangeError,
  argumentTypeError,
  checkOptions,
  describeValue,
  isDType,
  resolveOp,
} from '@relu/core';
import { type DeviceKernels, kernelsFor } from './device-kernels.js';
import { DeviceLostError } from './errors.js';
import { type Dispatch, type SplitLimits, boundBytes, minimumBindingSize, planDispatches } from './plan.js';
import type { KernelVariant } from './wgsl/kernel.js';
import { type AttributeWords, WEBGPU_OPS, WGSL_OPS } from './wgsl/ops.js';

/** The arguments of reluBuffer(device, options): an op over a range of the caller's GPU buffers. */
export interface GpuReluOptions {
  /** Holds the elements' bits (STORAGE usage). */
  readonly input: GPUBuffer;
  /** Receives the results (STORAGE usage); `input` itself for in place, with the same offset. */
  readonly output: GPUBuffer;
  readonly dtype: DType;
  /** Elements. */
  readonly length: number;
  /** Byte offset of element 0 in input (default 0): a multiple of the element size. */
  readonly inputOffset?: number;
  /** Byte offset of element 0 in output (default 0): a multiple of the element size. */
  readonly outputOffset?: number;
  /** Default 'relu'. */
  readonly op?: OpName;
  /** The op's attributes (leakyRelu: { alpha }); defaults filled in. */
  readonly attributes?: Attributes;
  /** Smaller splitting limits than the device's (each at most the device's). */
  readonly limits?: Partial<SplitLimits>;
}

/** encodeRelu(encoder, options): the same, plus the device (WebGPU does not expose an encoder's). */
export interface EncodeReluOptions extends GpuReluOptions {
  readonly device: GPUDevice;
}

/** A checked call: what the recording needs. */
export interface GpuCall {
  readonly kernels: DeviceKernels;
  readonly op: OpName;
  readonly dtype: DType;
  readonly attribute: AttributeWords;
  readonly variant: KernelVariant;
  readonly input: GPUBuffer;
  readonly output: GPUBuffer;
  readonly dispatches: readonly Dispatch[];
}

const OPTION_KEYS = ['input', 'output', 'dtype', 'length', 'inputOffset', 'outputOffset', 'op', 'attributes', 'limits'] as const;
const LIMIT_KEYS = ['maxStorageBufferBindingSize', 'maxComputeWorkgroupsPerDimension'] as const;

export function checkDevice(fn: string, argument: string, device: unknown): GPUDevice {
  const ok =
    typeof GPUDevice === 'function' ? device instanceof GPUDevice : typeof (device as GPUDevice | null)?.createComputePipeline === 'function';
  if (!ok) throw argumentTypeError(fn, argument, 'a GPUDevice', device);
  return device as GPUDevice;
}

/** Validates a call on the caller's buffers and plans its dispatches; every error names its argument. */
export function checkGpuCall(fn: string, device: GPUDevice, options: unknown, extraKeys: readonly string[] = []): GpuCall {
  const opts = checkOptions(fn, options, [...OPTION_KEYS, ...extraKeys]) as Partial<Record<(typeof OPTION_KEYS)[number], unknown>>;
  if (options === undefined) throw argumentTypeError(fn, 'options', `an object with keys ${OPTION_KEYS.join(', ')}`, options);
  const kernels = kernelsFor(device);
  if (kernels.lost) throw new DeviceLostError(fn, kernels.lost.reason, kernels.lost.message);

  if (typeof opts.dtype !== 'string') throw argumentTypeError(fn, 'options.dtype', `one of ${DTYPES.join(', ')}`, opts.dtype);
  if (!isDType(opts.dtype)) throw argumentRangeError(fn, 'options.dtype', `one of ${DTYPES.join(', ')}`, JSON.stringify(opts.dtype));
  const dtype = opts.dtype;
  const op = resolveOp(fn, 'options.op', opts.op);
  const attributes = op.checkAttributes(fn, 'options.attributes', opts.attributes);
  if (!op.dtypes.includes(dtype)) {
    throw new TypeError(`${fn}: ${op.name} is not defined on '${dtype}'; it is defined on ${op.dtypes.map((d) => `'${d}'`).join(', ')}`);
  }
  const supported = WEBGPU_OPS[op.name]!;
  if (!supported.includes(dtype)) throw new UnsupportedDTypeError(fn, dtype, supported, op.name);

  const length = checkCount(fn, 'options.length', opts.length);
  const inputOffset = checkOffset(fn, 'options.inputOffset', opts.inputOffset, dtype);
  const outputOffset = checkOffset(fn, 'options.outputOffset', opts.outputOffset, dtype);
  const input = checkBuffer(fn, 'options.input', opts.input, inputOffset, length, dtype);
  const output = checkBuffer(fn, 'options.output', opts.output, outputOffset, length, dtype);
  const inplace = input === output;
  if (inplace && inputOffset !== outputOffset) {
    throw argumentRangeError(
      fn,
      'options.outputOffset',
      `options.inputOffset (${inputOffset}) when options.output is options.input (in place: the kernel reads each word where it writes it)`,
      outputOffset,
    );
  }
  const limits = checkLimits(fn, opts.limits, device);
  const dispatches = planDispatches({ dtype, length, inputOffset, outputOffset, alignment: device.limits.minStorageBufferOffsetAlignment, limits });
  return {
    kernels,
    op: op.name,
    dtype,
    attribute: WGSL_OPS[op.name].attributeWords(attributes, dtype),
    variant: inplace ? 'inplace' : 'separate',
    input,
    output,
    dispatches,
  };
}

function checkCount(fn: string, argument: string, value: unknown): number {
  if (typeof value !== 'number') throw argumentTypeError(fn, argument, 'a non-negative integer', value);
  if (!Number.isSafeInteger(value) || value < 0) throw argumentRangeError(fn, argument, 'a non-negative integer', value);
  return value;
}

function checkOffset(fn: string, argument: string, value: unknown, dtype: DType): number {
  if (value === undefined) return 0;
  const bytes = BYTES_PER_ELEMENT[dtype];
  if (typeof value !== 'number') throw argumentTypeError(fn, argument, 'a byte offset (a non-negative integer)', value);
  if (!Number.isSafeInteger(value) || value < 0 || value % bytes !== 0) {
    throw argumentRangeError(fn, argument, `a non-negative multiple of ${bytes} bytes (the size of one ${dtype} element)`, value);
  }
  return value;
}

const USAGE_NAMES = ['MAP_READ', 'MAP_WRITE', 'COPY_SRC', 'COPY_DST', 'INDEX', 'VERTEX', 'UNIFORM', 'STORAGE', 'INDIRECT', 'QUERY_RESOLVE'] as const;

function usageNames(usage: number): string {
  const names = USAGE_NAMES.filter((name) => usage & GPUBufferUsage[name]);
  return names.length ? names.join(' | ') : 'none';
}

function checkBuffer(fn: string, argument: string, value: unknown, offset: number, length: number, dtype: DType): GPUBuffer {
  const isBuffer = typeof GPUBuffer === 'function' ? value instanceof GPUBuffer : typeof (value as GPUBuffer | null)?.usage === 'number';
  if (!isBuffer) throw argumentTypeError(fn, argument, 'a GPUBuffer', value);
  const buffer = value as GPUBuffer;
  if (!(buffer.usage & GPUBufferUsage.STORAGE)) {
    throw new TypeError(`${fn}: ${argument} must be a GPUBuffer created with GPUBufferUsage.STORAGE; got one with usage ${usageNames(buffer.usage)}`);
  }
  if (buffer.mapState !== 'unmapped') {
    throw new TypeError(`${fn}: ${argument} must be unmapped (a mapped buffer cannot be used by the GPU; call unmap() first); got one whose mapState is '${buffer.mapState}'`);
  }
  const needed = boundBytes(offset, length, dtype);
  if (buffer.size < needed) {
    throw new RangeError(
      `${fn}: ${argument} must hold ${length} ${dtype} elements from byte ${offset}, whole 4-byte words for a storage binding: at least ${needed} bytes; got a GPUBuffer of ${buffer.size} bytes`,
    );
  }
  return buffer;
}

function checkLimits(fn: string, value: unknown, device: GPUDevice): SplitLimits {
  const given = checkOptions(fn, value, LIMIT_KEYS, 'options.limits');
  const alignment = device.limits.minStorageBufferOffsetAlignment;
  const limit = (key: (typeof LIMIT_KEYS)[number], minimum: number): number => {
    const deviceLimit = device.limits[key];
    const v = given[key];
    if (v === undefined) return deviceLimit;
    if (typeof v !== 'number') throw argumentTypeError(fn, `options.limits.${key}`, 'an integer', v);
    if (!Number.isSafeInteger(v) || v < minimum || v > deviceLimit) {
      throw argumentRangeError(fn, `options.limits.${key}`, `an integer from ${minimum} to the device's ${deviceLimit}`, describeValue(v));
    }
    return v;
  };
  return {
    maxStorageBufferBindingSize: limit('maxStorageBufferBindingSize', minimumBindingSize(alignment)),
    maxComputeWorkgroupsPerDimension: limit('maxComputeWorkgroupsPerDimension', 1),
  };
}
