import { type DType, OPS, OP_NAMES, type OpName, arrayFromBits } from '@relu/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KernelsUnderTest, attributeCases, instantiateKernels, kernelFailures } from './test-support/kernel-check.js';
import { expectSameBits } from './test-support/bits.js';
import { attributeArguments } from './kernels.js';
import { compileReluModule } from './wasm-binaries.js';

// The generated kernels, raw, against the reference kernels of @relu/core (op.forward) for every
// op on every dtype it is defined on. The checks themselves are in test-support/kernel-check.ts;
// mutation.test.ts shows that they fail on broken lane operations.

let target: KernelsUnderTest;
beforeAll(async () => {
  target = await instantiateKernels(await compileReluModule(false));
});

const CASES: [OpName, DType][] = OP_NAMES.flatMap((name) => OPS[name].dtypes.map((dtype): [OpName, DType] => [name, dtype]));

it('has a kernel for every op of @relu/core on every dtype it is defined on, and for nothing else', () => {
  expect(Object.keys(target.kernels.ops).sort()).toEqual([...OP_NAMES].sort());
  for (const name of OP_NAMES) expect(target.kernels.ops[name]).toEqual(OPS[name].dtypes);
});

describe.each(CASES)('%s on %s', (name, dtype) => {
  const op = OPS[name];

  it.each(attributeCases(op).map((attributes) => [JSON.stringify(attributes), attributes]))(
    'matches the reference bit for bit, NaNs unchanged, with attributes %s: every pattern or boundaries and random bits, vector loops and scalar tail, lengths 0 to 70, misaligned, in place and into out',
    (_label, attributes) => {
      expect(kernelFailures(target, op, dtype, attributes)).toEqual([]);
    },
  );

  const specialValues = op.specialValues[dtype];
  if (specialValues !== undefined) {
    it("gives the hand-written special values of SPEC.md, alone and past the vector loops", () => {
      const inputs = specialValues.map((v) => v.input);
      const expected = specialValues.map((v) => v.expected);
      for (const [input, want] of [
        [inputs, expected],
        [Array.from({ length: 13 }, () => inputs).flat(), Array.from({ length: 13 }, () => expected).flat()],
      ] as const) {
        const x = arrayFromBits(dtype, input);
        const kernel = target.kernels.get(name, dtype)!;
        const bytes = new Uint8Array(target.memory.buffer);
        bytes.set(new Uint8Array(x.buffer), 4096);
        const [a0, a1] = attributeArguments(kernel, op.defaults);
        kernel.run(4096, 4096, x.length, a0, a1);
        expectSameBits(dtype, new (x.constructor as new (b: ArrayBufferLike, o: number, n: number) => typeof x)(target.memory.buffer, 4096, x.length), want, input);
      }
    });
  }
});
