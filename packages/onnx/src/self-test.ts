import { type DType, allocate, arrayBits, arrayFromBits, elementValue } from '@relu/core';
import { ExecutionProviderUnavailableError } from './errors.js';
import { type OrtModuleLike, type OrtSessionLike, type SessionRequest, ORT_TENSOR_TYPE } from './runtime.js';

/**
 * Ordinary values (no -0, NaN or subnormals; above and below every op's kinks 0 and 6) whose
 * results every working device computes to within a few units in the last place.
 */
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
 * Within 2^-7 of the reference (bfloat16 keeps 8 significant bits; a device that rounds twice or
 * uses a float16 alpha is off by about one unit there): what tells a working kernel from a
 * broken one, not whether it conforms, which the conformance suite decides.
 */
function close(expected: number | bigint, got: number | bigint): boolean {
  if (typeof expected === 'bigint' || typeof got === 'bigint') return expected === got;
  return Math.abs(got - expected) <= Math.abs(expected) * 2 ** -7;
}

/**
 * Runs ordinary values through a fresh session and compares with @relu/core's reference of the
 * op: catches a provider that starts but computes garbage (e.g. WebGPU float16 without
 * 'shader-f16', whose shader fails to compile and yields zeros), which onnxruntime-web reports
 * only as a console error.
 */
export async function selfTest(ort: OrtModuleLike, session: OrtSessionLike, executionProvider: string, request: Omit<SessionRequest, 'model'>): Promise<void> {
  const { op, attributes, dtype } = request;
  const x = arrayFromBits(dtype, PROBE[dtype]);
  const results = await session.run({ X: new ort.Tensor(ORT_TENSOR_TYPE[dtype], x, [x.length]) });
  const data = results.Y?.data as ArrayBufferView | undefined;
  const expected = allocate(dtype, x.length);
  op.forward(dtype, op.checkAttributes('selfTest', 'attributes', attributes) as never, x, expected);
  const y = data && ArrayBuffer.isView(data) && data.byteLength === expected.byteLength ? new (expected.constructor as new (b: ArrayBufferLike, o: number, n: number) => typeof expected)(data.buffer, data.byteOffset, x.length) : undefined;
  const ok = y !== undefined && PROBE[dtype].every((_, i) => close(elementValue(dtype, expected, i), elementValue(dtype, y, i)));
  if (!ok) {
    throw new ExecutionProviderUnavailableError(
      executionProvider,
      `its ${dtype} ${op.onnx.opType} computed [${y ? arrayBits(dtype, y).join(', ') : String(data)}] for [${PROBE[dtype].join(', ')}] instead of about [${arrayBits(dtype, expected).join(', ')}]; this device cannot run it`,
    );
  }
}
