/// <reference types="@webgpu/types" />
/**
 * The browser checks, run inside the page against @relu/core there, so that only summaries
 * cross back to Node (moving arrays through page.evaluate is slow).
 */
import {
  BYTES_PER_ELEMENT,
  type BitMismatch,
  DTYPE_ARRAY_CONSTRUCTORS,
  type DType,
  type OpName,
  type ReluTypedArray,
  bitMismatches,
  prng,
} from '@relu/core';
import { type Verdict, reference } from '@relu/browser-harness/backend-checks';
import { encodeRelu } from '../index.js';
import { WGSL_OPS } from '../wgsl/ops.js';

export { type HostileResults, type Verdict, hostileInputs, lengthsThroughRun, reference, sweepBackend } from '@relu/browser-harness/backend-checks';

export interface OffsetCase {
  readonly length: number;
  /** Element offsets of the range within its region. */
  readonly inputOffset: number;
  readonly outputOffset: number;
}

/**
 * Many encodeRelu calls recorded into one command encoder, each on its own region of one input
 * and one output buffer (one buffer in place), around which the output holds random sentinel
 * bits: every result must equal core's, and every byte outside the ranges must be unchanged.
 */
export async function offsetsThroughEncode(
  device: GPUDevice,
  op: OpName,
  dtype: DType,
  attributes: Record<string, number>,
  cases: readonly OffsetCase[],
  inplace: boolean,
  seed: number,
  limits?: Record<string, number>,
): Promise<Verdict> {
  const random = prng(seed);
  const bytes = BYTES_PER_ELEMENT[dtype];
  const placed = cases.map((c) => ({ ...c, base: 0 }));
  let cursor = 0;
  for (const c of placed) {
    c.base = cursor;
    // Region bases move by whole 8-byte steps, so they fall at every phase of the 256-byte binding alignment.
    cursor += Math.ceil(((Math.max(c.inputOffset, c.outputOffset) + c.length) * bytes + 16) / 8) * 8 + 8 * (random() % 5);
  }
  const size = Math.ceil((cursor + 64) / 256) * 256;
  const inputBits = new Uint32Array(size / 4).map(() => random());
  const outputBits = inplace ? inputBits : new Uint32Array(size / 4).map(() => random());
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const input = device.createBuffer({ size, usage });
  const output = inplace ? input : device.createBuffer({ size, usage });
  device.queue.writeBuffer(input, 0, inputBits);
  if (!inplace) device.queue.writeBuffer(output, 0, outputBits);
  const encoder = device.createCommandEncoder();
  for (const c of placed) {
    encodeRelu(encoder, {
      device,
      input,
      output,
      dtype,
      length: c.length,
      inputOffset: c.base + c.inputOffset * bytes,
      outputOffset: c.base + (inplace ? c.inputOffset : c.outputOffset) * bytes,
      op,
      attributes,
      ...(limits ? { limits } : {}),
    });
  }
  const readback = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  encoder.copyBufferToBuffer(output, 0, readback, 0, size);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const actual = new Uint8Array(readback.getMappedRange().slice(0));
  readback.unmap();
  input.destroy();
  output.destroy();
  readback.destroy();

  const expected = new Uint8Array(outputBits.buffer.slice(0));
  const covered = new Uint8Array(size);
  const Array_ = DTYPE_ARRAY_CONSTRUCTORS[dtype] as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => ReluTypedArray;
  const mismatches: (BitMismatch & { where: string })[] = [];
  for (const c of placed) {
    const inStart = c.base + c.inputOffset * bytes;
    const outStart = c.base + (inplace ? c.inputOffset : c.outputOffset) * bytes;
    const x = new Array_(inputBits.buffer.slice(inStart, inStart + c.length * bytes), 0, c.length);
    const want = reference(op, dtype, attributes, x);
    const got = new Array_(actual.buffer.slice(outStart, outStart + c.length * bytes), 0, c.length);
    for (const m of bitMismatches(dtype, want, got, 2)) mismatches.push({ ...m, where: `length ${c.length}, input offset ${c.inputOffset}, output offset ${c.outputOffset}` });
    covered.fill(1, outStart, outStart + c.length * bytes);
  }
  for (let i = 0; i < size && mismatches.length < 20; i++) {
    if (!covered[i] && actual[i] !== expected[i]) mismatches.push({ index: i, expected: String(expected[i]), actual: String(actual[i]), where: `byte ${i} outside every range was written` });
  }
  return { checked: cases.length, mismatches };
}

/**
 * A user's own shader that pastes the exported WGSL text and calls leaky_relu_<dtype>(x, alpha)
 * with a different alpha every `perAlpha` elements (16-bit elements one per word, in the low
 * bits, as the functions take them): checked against core's leakyRelu for each alpha.
 */
export async function leakyInUserShader(device: GPUDevice, dtype: 'float32' | 'float16' | 'bfloat16' | 'float64', x: ReluTypedArray, alphas: Float32Array | Float64Array): Promise<Verdict> {
  const perAlpha = x.length / alphas.length;
  const wide = dtype === 'float64';
  const code = /* wgsl */ `${WGSL_OPS.leakyRelu.source}
@group(0) @binding(0) var<storage, read> xs: array<u32>;
@group(0) @binding(1) var<storage, read> alphas: array<u32>;
@group(0) @binding(2) var<storage, read_write> ys: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = id.x + id.y * groups.x * 64u;
  ${
    wide
      ? `if (2u * i >= arrayLength(&xs)) { return; }
  let a = i / ${perAlpha}u;
  let y = leaky_relu_float64(vec2<u32>(xs[2u * i], xs[2u * i + 1u]), vec2<u32>(alphas[2u * a], alphas[2u * a + 1u]));
  ys[2u * i] = y.x;
  ys[2u * i + 1u] = y.y;`
      : `if (i >= arrayLength(&xs)) { return; }
  ys[i] = leaky_relu_${dtype}(xs[i], alphas[i / ${perAlpha}u]);`
  }
}`;
  const words = BYTES_PER_ELEMENT[dtype] === 2 ? Uint32Array.from(x as Uint16Array) : new Uint32Array((x.buffer as ArrayBuffer).slice(x.byteOffset, x.byteOffset + x.byteLength));
  const ys = await runUserShader(device, code, [words, new Uint32Array(alphas.buffer as ArrayBuffer)], wide ? x.length : words.length);
  const mismatches: BitMismatch[] = [];
  for (let a = 0; a < alphas.length && mismatches.length < 10; a++) {
    const slice = x.subarray(a * perAlpha, (a + 1) * perAlpha) as ReluTypedArray;
    const want = reference('leakyRelu', dtype, { alpha: alphas[a]! }, slice);
    const w = wide ? 2 : 1;
    const gotWords = ys.subarray(a * perAlpha * w, (a + 1) * perAlpha * w);
    const got = BYTES_PER_ELEMENT[dtype] === 2 ? Uint16Array.from(gotWords) : wide ? new Float64Array(gotWords.slice().buffer) : new Float32Array(gotWords.slice().buffer);
    for (const m of bitMismatches(dtype, want, got as ReluTypedArray, 10 - mismatches.length)) {
      mismatches.push({ ...m, index: a * perAlpha + m.index, expected: `${m.expected} (x ${elementHex(dtype, slice, m.index)}, alpha ${alphas[a]})` });
    }
  }
  return { checked: x.length, mismatches };
}

/** A user's shader calling `<op>_<dtype>` from the exported text on each element (one element per word, or two words for 64-bit). */
export async function opInUserShader(device: GPUDevice, op: 'relu' | 'relu6', dtype: DType, x: ReluTypedArray): Promise<Verdict> {
  const bytes = BYTES_PER_ELEMENT[dtype];
  const fn = WGSL_OPS[op].functionName(dtype);
  const code = /* wgsl */ `${WGSL_OPS[op].source}
@group(0) @binding(0) var<storage, read> xs: array<u32>;
@group(0) @binding(1) var<storage, read_write> ys: array<u32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = id.x + id.y * groups.x * 64u;
  ${
    bytes === 8
      ? `if (2u * i >= arrayLength(&xs)) { return; }
  let y = ${fn}(vec2<u32>(xs[2u * i], xs[2u * i + 1u]));
  ys[2u * i] = y.x;
  ys[2u * i + 1u] = y.y;`
      : `if (i >= arrayLength(&xs)) { return; }
  ys[i] = ${fn}(xs[i]);`
  }
}`;
  const Unsigned = bytes === 1 ? Uint8Array : Uint16Array;
  const words = bytes < 4 ? Uint32Array.from(new Unsigned(x.buffer as ArrayBuffer, x.byteOffset, x.length)) : new Uint32Array((x.buffer as ArrayBuffer).slice(x.byteOffset, x.byteOffset + x.byteLength));
  const ys = await runUserShader(device, code, [words], bytes === 8 ? x.length : words.length);
  const yBytes = bytes < 4 ? Unsigned.from(ys).buffer : ys.buffer;
  const y = new (DTYPE_ARRAY_CONSTRUCTORS[dtype] as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => ReluTypedArray)(yBytes, 0, x.length);
  return { checked: x.length, mismatches: bitMismatches(dtype, reference(op, dtype, {}, x), y, 10) };
}

async function runUserShader(device: GPUDevice, code: string, inputs: readonly Uint32Array[], invocations: number): Promise<Uint32Array> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`the user shader did not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const buffers = inputs.map((data) => {
    const buffer = device.createBuffer({ size: Math.max(4, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, data as Uint32Array<ArrayBuffer>);
    return buffer;
  });
  const size = inputs[0]!.byteLength;
  const out = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const entries = [...buffers.map((buffer, binding) => ({ binding, resource: { buffer } })), { binding: buffers.length, resource: { buffer: out } }];
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }));
  const groups = Math.ceil(invocations / 64);
  const x = Math.min(groups, 65535);
  pass.dispatchWorkgroups(x, Math.ceil(groups / x));
  pass.end();
  encoder.copyBufferToBuffer(out, 0, readback, 0, size);
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`the user shader was refused: ${error.message}`);
  await readback.mapAsync(GPUMapMode.READ);
  const result = new Uint32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  [...buffers, out, readback].forEach((b) => b.destroy());
  return result;
}

function elementHex(dtype: DType, x: ReluTypedArray, index: number): string {
  if (dtype === 'float64') return `0x${new BigUint64Array(x.buffer, x.byteOffset, x.length)[index]!.toString(16)}`;
  const bits = BYTES_PER_ELEMENT[dtype] === 2 ? (x as Uint16Array)[index]! : new Uint32Array(x.buffer, x.byteOffset, x.length)[index]!;
  return `0x${bits.toString(16)}`;
}
