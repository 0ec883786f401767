import { type Attributes, type DType, type Op, type ReluTypedArray, allocate, bitMismatches, elementBits, prng } from '@relu/core';

/** Ordinary values (no -0, NaN, infinities or subnormals), on both sides of every kink (0 and 6). */
export function ordinaryValues(dtype: DType, length: number, seed: number): ReluTypedArray {
  const next = prng(seed);
  const array = allocate(dtype, length);
  for (let i = 0; i < length; i++) {
    const r = next();
    const small = (r % 2001) - 1000; // -1000..1000, exact in every dtype's range
    switch (dtype) {
      case 'int64':
        (array as BigInt64Array)[i] = BigInt(small);
        break;
      case 'int8':
        (array as Int8Array)[i] = small % 128;
        break;
      case 'float16': // small / 32 is exact in float16 for |small| <= 1000 (11 significant bits)
        (array as Uint16Array)[i] = float16Bits(small / 32);
        break;
      case 'bfloat16':
        (array as Uint16Array)[i] = (new Uint32Array(new Float32Array([(small % 256) / 16]).buffer)[0]! >>> 16) & 0xffff;
        break;
      default:
        (array as Float32Array)[i] = dtype.startsWith('float') ? small / 32 : small;
    }
  }
  return array;
}

/** float16 bits of a value exactly representable in float16 with a normal or zero result. */
function float16Bits(value: number): number {
  if (value === 0) return 0;
  const sign = value < 0 ? 0x8000 : 0;
  const abs = Math.abs(value);
  const exponent = Math.floor(Math.log2(abs));
  const fraction = Math.round((abs / 2 ** exponent - 1) * 1024);
  return sign | ((exponent + 15) << 10) | fraction;
}

/**
 * Where y differs from @relu/core's `op` of x (NaNs compared as NaN), as readable strings; empty
 * when y is bit-exact.
 */
export function mismatchesWithCore(op: Op, attributes: Attributes, dtype: DType, x: ReluTypedArray, y: ReluTypedArray, limit = 10): string[] {
  const expected = allocate(dtype, x.length);
  op.forward(dtype, op.checkAttributes('test', 'attributes', attributes) as never, x, expected);
  if (y.length !== x.length) return [`length ${y.length}, expected ${x.length}`];
  return bitMismatches(dtype, expected, y, limit).map((m) => `[${m.index}] x=${elementBits(dtype, x, m.index)} got ${m.actual} expected ${m.expected}`);
}

/** A resizable ArrayBuffer (ES2024; Node 20 and Chromium have it, TypeScript's ES2023 lib does not). */
export function resizableBuffer(byteLength: number, maxByteLength: number): ArrayBuffer & { resize(byteLength: number): void } {
  return new (ArrayBuffer as unknown as new (n: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(byteLength, { maxByteLength });
}
