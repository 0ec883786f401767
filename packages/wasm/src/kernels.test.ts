import { DTYPES, type DType, type ReluTypedArray, SPECIAL_VALUES, allocate, arrayFromBits, relu } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WasmRelu, createWasmRelu } from './index.js';
import { dtypeOptions, expectSameBits, fillRandomBits, randomGenerator } from './test-support/bits.js';

// The kernels through the zero-copy API, in place and into another tensor, against the hand-written
// special values and against the reference relu() of @relu/core on random bit patterns.

let wasm: WasmRelu;
beforeAll(async () => {
  wasm = await createWasmRelu();
});
afterAll(() => wasm.dispose());

function randomBits(dtype: DType, length: number, random: () => number): ReluTypedArray {
  const array = allocate(dtype, length);
  fillRandomBits(array, random);
  return array;
}

function reluInWasm(dtype: DType, input: ReluTypedArray, mode: 'in place' | 'into out'): ReluTypedArray {
  const x = wasm.from(input, dtypeOptions(dtype));
  const out = mode === 'in place' ? x : wasm.allocate(dtype, input.length);
  wasm.relu(x, out);
  const result = out.toArray();
  x.free();
  if (out !== x) out.free();
  return result;
}

describe.each(DTYPES)('%s kernel', (dtype) => {
  const options = dtypeOptions(dtype);

  it.each(['in place', 'into out'] as const)('gives the specified bits for every special value (%s)', (mode) => {
    const values = SPECIAL_VALUES[dtype];
    const inputs = values.map((v) => v.input);
    const expected = values.map((v) => v.expected);
    // Alone (a scalar tail), as one batch, and repeated past several vector blocks, so that the
    // scalar tail, the one-vector loop and the unrolled loop all see every special value.
    for (const input of [...inputs.map((v) => [v]), inputs, Array.from({ length: 13 }, () => inputs).flat()]) {
      const want = input.map((bits) => expected[inputs.indexOf(bits)]!);
      expectSameBits(dtype, reluInWasm(dtype, arrayFromBits(dtype, input), mode), want, input);
    }
  });

  it('matches relu() of @relu/core bit for bit on random bits, every length 0 to 70 (every tail)', () => {
    const random = randomGenerator(0x5eed + DTYPES.indexOf(dtype));
    for (let length = 0; length <= 70; length++) {
      const input = randomBits(dtype, length, random);
      expectSameBits(dtype, reluInWasm(dtype, input, length % 2 ? 'in place' : 'into out'), relu(input, options), input);
    }
  });

  it('matches relu() of @relu/core on random bits at random lengths up to 20000', () => {
    const random = randomGenerator(0xc0ffee + DTYPES.indexOf(dtype));
    for (let trial = 0; trial < 12; trial++) {
      const input = randomBits(dtype, Math.floor(random() * 20000), random);
      expectSameBits(dtype, reluInWasm(dtype, input, trial % 2 ? 'in place' : 'into out'), relu(input, options), input);
    }
  });

  it('keeps the NaN bits it is given (payload and sign) where the dtype is a float', () => {
    if (dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16') {
      const nans = SPECIAL_VALUES[dtype].filter((v) => v.expected === 'NaN').map((v) => v.input);
      const result = reluInWasm(dtype, arrayFromBits(dtype, nans), 'into out');
      expectSameBits(dtype, result, nans);
      const bits = dtype === 'float64' ? new BigUint64Array(result.buffer) : dtype === 'float32' ? new Uint32Array(result.buffer) : new Uint16Array(result.buffer);
      expect(Array.from(bits as ArrayLike<number | bigint>, (b) => `0x${b.toString(16).padStart(bits.BYTES_PER_ELEMENT * 2, '0')}`)).toEqual(nans);
    }
  });
});

it('writes nothing outside the tensor it runs on (neighbours keep their bits)', () => {
  for (const dtype of DTYPES) {
    for (const length of [1, 3, 17, 67]) {
      const before = wasm.allocate(dtype, 16);
      const x = wasm.allocate(dtype, length);
      const after = wasm.allocate(dtype, 16);
      const sentinel = allocate(dtype, 16);
      fillRandomBits(sentinel, randomGenerator(length));
      before.set(sentinel as never);
      after.set(sentinel as never);
      fillRandomBits(x.array, randomGenerator(length + 1));
      wasm.relu(x);
      expectSameBits(dtype, before.array, sentinel);
      expectSameBits(dtype, after.array, sentinel);
      for (const t of [before, x, after]) t.free();
    }
  }
});
