import { type DType, arrayBits, arrayFromBits, relu } from '@relu/core';
import { ExecutionProviderUnavailableError } from './errors.js';
import type { OrtModuleLike, OrtSessionLike } from './runtime.js';

/** Ordinary values (no -0, NaN or subnormals) whose ReLU every working device computes exactly. */
const PROBE: Readonly<Record<DType, readonly string[]>> = {
  float32: ['0x3f800000', '0xbf800000', '0x40000000', '0xc0000000', '0x3f000000', '0x42c80000'],
  float64: ['0x3ff0000000000000', '0xbff0000000000000', '0x4000000000000000', '0xc000000000000000', '0x3fe0000000000000', '0x4059000000000000'],
  float16: ['0x3c00', '0xbc00', '0x4000', '0xc000', '0x3800', '0x5640'],
  bfloat16: ['0x3f80', '0xbf80', '0x4000', '0xc000', '0x3f00', '0x42c8'],
  int8: ['1', '-1', '2', '-2', '100', '-100'],
  int16: ['1', '-1', '2', '-2', '100', '-100'],
  int32: ['1', '-1', '2', '-2', '100', '-100'],
  int64: ['1', '-1', '2', '-2', '100', '-100'],
};

export const SELF_TEST_LENGTH = 6;

/**
 * Runs ordinary values through a fresh session and compares with @relu/core: catches a provider
 * that starts but computes garbage (e.g. WebGPU float16 without 'shader-f16', whose shader fails
 * to compile and yields zeros), which onnxruntime-web reports only as a console error.
 */
export async function selfTest(ort: OrtModuleLike, session: OrtSessionLike, executionProvider: string, dtype: DType, tensorType: string): Promise<void> {
  const x = arrayFromBits(dtype, PROBE[dtype]);
  const results = await session.run({ X: new ort.Tensor(tensorType, x, [x.length]) });
  const data = results.Y?.data as ArrayLike<number> & ArrayBufferView;
  const y = arrayFromBits(dtype, []).constructor === data.constructor ? data : new Uint16Array(data.buffer, data.byteOffset, x.length);
  const got = arrayBits(dtype, y as never);
  const expected = arrayBits(dtype, relu(x, { dtype }));
  if (got.join() !== expected.join()) {
    throw new ExecutionProviderUnavailableError(
      executionProvider,
      `its ${dtype} Relu computed [${got.join(', ')}] for [${PROBE[dtype].join(', ')}] instead of [${expected.join(', ')}]; this device cannot run it`,
    );
  }
}
