import fc from 'fast-check';

/**
 * Arbitraries for relu's own property tests: every bit pattern is reachable (integers
 * reinterpreted as floats), and the edge patterns are boosted so short runs still meet them.
 */
const FLOAT32_EDGES = [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0x00000001, 0x807fffff, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000];
const FLOAT64_EDGES = [0n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000001n, 0xfff0000000000001n, 1n, 0x800fffffffffffffn, 0x7fefffffffffffffn];

export const anyFloat32Bits = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...FLOAT32_EDGES) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) });

export const anyFloat64Bits = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...FLOAT64_EDGES) }, { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) });

export const float32ArrayOfAnyBits = fc.array(anyFloat32Bits, { maxLength: 80 }).map((bits) => new Float32Array(Uint32Array.from(bits).buffer));

export const float64ArrayOfAnyBits = fc.array(anyFloat64Bits, { maxLength: 40 }).map((bits) => new Float64Array(BigUint64Array.from(bits).buffer));

/** A Float32Array view at a random element offset inside a larger buffer, with random neighbours. */
export const float32ViewWithOffset = fc
  .tuple(fc.array(anyFloat32Bits, { minLength: 0, maxLength: 8 }), float32ArrayOfAnyBits, fc.array(anyFloat32Bits, { maxLength: 8 }))
  .map(([before, middle, after]) => {
    const whole = new Float32Array(before.length + middle.length + after.length);
    new Uint32Array(whole.buffer).set([...before, ...new Uint32Array(middle.buffer), ...after]);
    return { whole, view: whole.subarray(before.length, before.length + middle.length) };
  });
