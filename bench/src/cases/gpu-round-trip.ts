/// <reference types="@webgpu/types" />
import { DTYPES, type ReluTypedArray } from '@relu/core';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { FLOOR } from '../floors.js';
import { webgl2Context } from '../gpu/webgl-context.js';
import { randomSignData } from '../random-data.js';
import type { CaseDefinition } from './index.js';

/**
 * The floors of every GPU subject's run() (issue 10: "run() as a ratio to a plain upload +
 * readback of the same bytes"): what any run() that takes a typed array and returns a new one must
 * do through that API, with no kernel. One round trip per API, the same for @relu/webgpu,
 * @relu/webgl and the onnxruntime-web and tfjs peers, timed in the same rounds as each of them.
 * Page only: they need navigator.gpu or a WebGL2 context.
 */

/** A new array of x's type and length: what run() returns. */
const newLike = (x: ReluTypedArray): ReluTypedArray => new (x.constructor as new (length: number) => ReluTypedArray)(x.length);

/** x's bytes; never shared memory here (randomSignData allocates plain buffers). */
const bytesOf = (x: ReluTypedArray) => new Uint8Array(x.buffer as ArrayBuffer, x.byteOffset, x.byteLength);

async function webgpuRoundTrip(): Promise<BenchCase | string> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return 'no navigator.gpu here';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'navigator.gpu.requestAdapter() gave no adapter';
  const device = await adapter.requestDevice();
  return {
    name: FLOOR.webgpuRoundTrip,
    role: 'baseline',
    work: { memory: DTYPES },
    info: { runtime: 'WebGPU', adapter: [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join('/') || 'unnamed adapter' },
    includes: 'writeBuffer(x) into a storage buffer, copyBufferToBuffer to a MAP_READ buffer, mapAsync, copy into a new array: the transfers a WebGPU run() cannot avoid, no kernel',
    floors: [],
    async prepare({ dtype, size }): Promise<PreparedCall> {
      const x = randomSignData(dtype, size);
      // writeBuffer and copies move whole words: a length that is not one is padded, as run() pads it.
      const bytes = Math.max(4, Math.ceil(x.byteLength / 4) * 4);
      const padded = x.byteLength === bytes ? bytesOf(x) : new Uint8Array(bytes);
      const work = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      const readback = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      return {
        run: async () => {
          const y = newLike(x);
          if (padded.buffer !== x.buffer) padded.set(bytesOf(x));
          device.queue.writeBuffer(work, 0, padded);
          const encoder = device.createCommandEncoder();
          encoder.copyBufferToBuffer(work, 0, readback, 0, bytes);
          device.queue.submit([encoder.finish()]);
          await readback.mapAsync(GPUMapMode.READ);
          bytesOf(y).set(new Uint8Array(readback.getMappedRange(), 0, y.byteLength));
          readback.unmap();
          return y;
        },
        release: () => {
          work.destroy();
          readback.destroy();
        },
      };
    },
    dispose: async () => device.destroy(),
  };
}

/** RGBA32UI texels: 16 bytes each, as @relu/webgl packs them. */
const TEXEL_BYTES = 16;

async function webglRoundTrip(): Promise<BenchCase | string> {
  const gl = webgl2Context();
  if (!gl) return "no WebGL2 context here (getContext('webgl2') gave null)";
  const maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  return {
    name: FLOOR.webglRoundTrip,
    role: 'baseline',
    work: { memory: DTYPES },
    info: { runtime: 'WebGL2', renderer: String(gl.getParameter(gl.RENDERER)) },
    includes: 'x staged into an RGBA32UI texture (texSubImage2D), read back with readPixels, copied into a new array: the transfers a WebGL run() cannot avoid, no draw',
    floors: [],
    async prepare({ dtype, size }): Promise<PreparedCall> {
      const x = randomSignData(dtype, size);
      const texels = Math.max(1, Math.ceil(x.byteLength / TEXEL_BYTES));
      const width = Math.min(texels, maxSize);
      const height = Math.ceil(texels / width);
      if (height > maxSize) throw new RangeError(`${FLOOR.webglRoundTrip}: ${size} ${dtype} elements need more than one ${maxSize}x${maxSize} texture`);
      const staging = new Uint32Array(width * height * 4);
      const texture = gl.createTexture()!;
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32UI, width, height);
      const framebuffer = gl.createFramebuffer()!;
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      const stagedBytes = new Uint8Array(staging.buffer);
      return {
        run: async () => {
          const y = newLike(x);
          stagedBytes.set(bytesOf(x));
          gl.bindTexture(gl.TEXTURE_2D, texture);
          gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
          gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
          gl.readPixels(0, 0, width, height, gl.RGBA_INTEGER, gl.UNSIGNED_INT, staging);
          bytesOf(y).set(stagedBytes.subarray(0, y.byteLength));
          return y;
        },
        release: () => {
          gl.deleteTexture(texture);
          gl.deleteFramebuffer(framebuffer);
        },
      };
    },
    dispose: async () => gl.getExtension('WEBGL_lose_context')?.loseContext(),
  };
}

/** The page's GPU round trips, run with the GPU subjects they bound (or when named). */
export const GPU_CASE_DEFINITIONS: readonly CaseDefinition[] = [
  { name: FLOOR.webgpuRoundTrip, runs: 'with-subjects', create: webgpuRoundTrip },
  { name: FLOOR.webglRoundTrip, runs: 'with-subjects', create: webglRoundTrip },
];
