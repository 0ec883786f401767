/**
 * The two 16-bit float formats as data, so that one kernel serves both: their field widths, the
 * bit patterns the kernels compare against, and an exact decoder. float16 is IEEE 754 binary16;
 * bfloat16 is the top half of a binary32.
 */
export interface HalfFormat {
  readonly exponentBits: number;
  readonly fractionBits: number;
  /** +Inf; a pattern whose magnitude (bits & 0x7fff) is above it is a NaN. */
  readonly infinity: number;
  /** -Inf; a pattern in [0x8000, negativeInfinity] is -0, a negative number or -Inf. */
  readonly negativeInfinity: number;
  /** The bits of 6 (ReLU6's upper bound). */
  readonly six: number;
  /** Shift that puts a magnitude's bits where a binary32 keeps them, and the power of two that undoes the exponent bias difference. */
  readonly binary32Shift: number;
  readonly binary32Scale: number;
}

export const FLOAT16: HalfFormat = Object.freeze({
  exponentBits: 5,
  fractionBits: 10,
  infinity: 0x7c00,
  negativeInfinity: 0xfc00,
  six: 0x4600,
  binary32Shift: 13,
  binary32Scale: 2 ** 112,
});

export const BFLOAT16: HalfFormat = Object.freeze({
  exponentBits: 8,
  fractionBits: 7,
  infinity: 0x7f80,
  negativeInfinity: 0xff80,
  six: 0x40c0,
  binary32Shift: 16,
  binary32Scale: 1,
});

const SCRATCH_F32 = new Float32Array(1);
const SCRATCH_I32 = new Int32Array(SCRATCH_F32.buffer);

/**
 * The magnitude of a finite 16-bit pattern (not Inf or NaN) as a number, exactly: its exponent
 * and fraction fields placed into a binary32 stand for the same significand at an exponent
 * `binary32Scale` lower (float16 subnormals become binary32 subnormals the same way), and scaling
 * by a power of two is exact.
 */
export function halfMagnitude(format: HalfFormat, bits: number): number {
  SCRATCH_I32[0] = (bits & 0x7fff) << format.binary32Shift;
  return SCRATCH_F32[0]! * format.binary32Scale;
}
