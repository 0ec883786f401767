import {
  type Attributes,
  BYTES_PER_ELEMENT,
  type DType,
  type Op,
  type ReluTypedArray,
  allocate,
  arrayFromBits,
  bitMismatches,
  everyPattern,
  isNaNWord,
  prng,
  randomBits,
  wordsOf,
} from '@relu/core';
import { KernelTable, attributeArguments } from '../kernels.js';

/**
 * Checks of raw kernels against the reference of @relu/core (op.forward), shared by the kernel
 * tests and the mutation tests (which run them on deliberately broken lane operations and expect
 * failures): every bit pattern of the 8- and 16-bit dtypes, hand-picked boundary patterns and
 * random bits of the 32- and 64-bit ones, each through the vector loops and through the scalar
 * tail, every length 0 to 70 at aligned and misaligned addresses, in place and into another
 * region, with sentinels around the output. SPEC.md accepts any NaN for a NaN; these kernels
 * promise more (README): a NaN input comes out with its own bits, sign and payload.
 */

/** Leaky ReLU's alphas under test: the default, 0 of both signs, negatives, > 1, tiny (subnormal products), and exact products. */
export const ALPHAS: readonly number[] = [0.01, 0, -0, -0.5, -3, 1, 1 - 2 ** -24, 1.5, 2, 1e3, 0.1, 1 / 3, 0.5, 0.25, 1e-30, 2 ** -140, 1e-45, 3e38];

/** The attribute sets each op is checked with. */
export function attributeCases(op: Op): readonly Attributes[] {
  return op.name === 'leakyRelu' ? ALPHAS.map((alpha) => ({ alpha })) : [{}];
}

/** Bit patterns where ops change behaviour: zeros, subnormals, 1, 6 and their neighbours, the extremes, infinities, NaNs. */
const BOUNDARIES: Readonly<Partial<Record<DType, readonly string[]>>> = {
  float32: [
    '0x00000000', '0x80000000', '0x00000001', '0x80000001', '0x007fffff', '0x807fffff', '0x00800000', '0x80800000',
    '0x3f800000', '0xbf800000', '0x40bfffff', '0x40c00000', '0x40c00001', '0xc0c00000', '0x7f7fffff', '0xff7fffff',
    '0x7f800000', '0xff800000', '0x7f800001', '0xff800001', '0x7fc00000', '0xffc00000', '0x7fc00001', '0x7fffffff', '0xffffffff',
  ],
  float64: [
    '0x0000000000000000', '0x8000000000000000', '0x0000000000000001', '0x8000000000000001', '0x000fffffffffffff', '0x800fffffffffffff',
    '0x3ff0000000000000', '0xbff0000000000000', '0x4017ffffffffffff', '0x4018000000000000', '0x4018000000000001', '0xc018000000000000',
    '0x7fefffffffffffff', '0xffefffffffffffff', '0x7ff0000000000000', '0xfff0000000000000', '0x7ff0000000000001', '0xfff0000000000001',
    '0x7ff8000000000000', '0xfff8000000000000', '0x7fffffffffffffff', '0xffffffffffffffff', '0x0010000000000000', '0x8010000000000000',
  ],
  int32: ['0', '1', '-1', '5', '6', '7', '-6', '-7', '2147483647', '-2147483648', '-2147483647', '1073741824'],
  int64: ['0', '1', '-1', '5', '6', '7', '-6', '-7', '9223372036854775807', '-9223372036854775808', '-9223372036854775807', '4294967296', '-4294967296'],
};

/** The inputs an op is checked on for a dtype: every pattern, or boundaries repeated past the vector loops plus random bits. */
export function inputsFor(dtype: DType, seed: number): ReluTypedArray[] {
  if (BYTES_PER_ELEMENT[dtype] <= 2) return [everyPattern(dtype)];
  const boundaries = BOUNDARIES[dtype]!;
  return [arrayFromBits(dtype, Array.from({ length: 40 }, () => boundaries).flat()), randomBits(dtype, 4099, prng(seed))];
}

export interface KernelsUnderTest {
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelTable;
}

/** The module (or other bytes of the same kernels) instantiated on a memory large enough for every check. */
export async function instantiateKernels(module: WebAssembly.Module): Promise<KernelsUnderTest> {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return { memory, kernels: KernelTable.of(instance) };
}

const SRC = 4096;
const DST = 2 * 1024 * 1024;

/**
 * Runs the kernel of `op` on `dtype` over `input` copied to byte `SRC + offset`, into
 * `DST + offset` or in place, and returns the output (a copy).
 */
function runKernel(target: KernelsUnderTest, op: Op, dtype: DType, attributes: Attributes, input: ReluTypedArray, offset: number, inPlace: boolean): ReluTypedArray {
  const kernel = target.kernels.get(op.name, dtype);
  if (kernel === undefined) throw new Error(`no kernel for ${op.name} on ${dtype}`);
  const bytes = new Uint8Array(target.memory.buffer);
  const source = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const src = SRC + offset;
  const dst = inPlace ? src : DST + offset;
  bytes.set(source, src);
  const [a0, a1] = attributeArguments(kernel, op.checkAttributes('test', 'attributes', attributes));
  kernel.run(src, dst, input.length, a0, a1);
  const out = allocate(dtype, input.length);
  new Uint8Array(out.buffer).set(bytes.subarray(dst, dst + input.byteLength));
  return out;
}

function reference(op: Op, dtype: DType, attributes: Attributes, input: ReluTypedArray): ReluTypedArray {
  const expected = allocate(dtype, input.length);
  op.forward(dtype, op.checkAttributes('test', 'attributes', attributes) as never, input, expected);
  return expected;
}

/**
 * Every check of one (op, dtype, attributes) kernel; returns a description of each failure
 * (empty when the kernel matches the reference everywhere).
 */
export function kernelFailures(target: KernelsUnderTest, op: Op, dtype: DType, attributes: Attributes, seed = 1): string[] {
  const failures: string[] = [];
  const label = `${op.name} ${dtype} ${JSON.stringify(attributes)}`;
  const expectSame = (what: string, input: ReluTypedArray, actual: ReluTypedArray, expected = reference(op, dtype, attributes, input)): void => {
    const mismatches = bitMismatches(dtype, expected, actual, 3);
    if (mismatches.length > 0) {
      const shown = mismatches.map((m) => `[${m.index}] x=${wordsHex(input, m.index, dtype)} expected ${m.expected} got ${m.actual}`);
      failures.push(`${label}, ${what}: ${shown.join('; ')}`);
    }
    const changedNaNs = changedNaNIndexes(dtype, input, actual);
    if (changedNaNs.length > 0) failures.push(`${label}, ${what}: NaN inputs not returned bit for bit at ${changedNaNs.slice(0, 3).join(', ')}`);
  };
  const lanes = 16 / BYTES_PER_ELEMENT[dtype];
  for (const input of inputsFor(dtype, seed)) {
    const expected = reference(op, dtype, attributes, input);
    // The vector loops (all of it at once), in place and into another region.
    expectSame('whole input in place', input, runKernel(target, op, dtype, attributes, input, 0, true), expected);
    expectSame('whole input into out', input, runKernel(target, op, dtype, attributes, input, 0, false), expected);
    // The scalar tail on every element: calls of lanes - 1 elements never fill a vector.
    const tails = allocate(dtype, input.length);
    for (let start = 0; start < input.length; start += lanes - 1) {
      const chunk = (input as Float32Array).subarray(start, Math.min(start + lanes - 1, input.length)) as ReluTypedArray;
      (tails as Float32Array).set(runKernel(target, op, dtype, attributes, chunk, 0, false) as Float32Array, start);
    }
    expectSame('scalar tail on every element', input, tails, expected);
  }
  // Every length 0 to 70 (every block, vector and tail count), at aligned and misaligned addresses.
  const random = prng(seed + 1000);
  for (let length = 0; length <= 70; length++) {
    const input = randomBits(dtype, length, random);
    for (const elementOffset of [0, 1, 3]) {
      const offset = elementOffset * BYTES_PER_ELEMENT[dtype];
      const inPlace = (length + elementOffset) % 2 === 0;
      const sentinel = 0xa5;
      new Uint8Array(target.memory.buffer).fill(sentinel, DST - 64, DST + offset + input.byteLength + 64);
      expectSame(`length ${length} at +${offset} bytes ${inPlace ? 'in place' : 'into out'}`, input, runKernel(target, op, dtype, attributes, input, offset, inPlace));
      if (!inPlace) {
        const bytes = new Uint8Array(target.memory.buffer);
        const outside = [...bytes.subarray(DST - 64, DST + offset), ...bytes.subarray(DST + offset + input.byteLength, DST + offset + input.byteLength + 64)];
        if (outside.some((b) => b !== sentinel)) failures.push(`${label}: length ${length} at +${offset} bytes wrote outside its output`);
      }
    }
  }
  return failures;
}

/** Indexes where `input` holds a NaN and `output` holds other bits. */
function changedNaNIndexes(dtype: DType, input: ReluTypedArray, output: ReluTypedArray): number[] {
  const inWords = wordsOf(input);
  const outWords = wordsOf(output);
  const per = BYTES_PER_ELEMENT[dtype] === 8 ? 2 : 1;
  const changed: number[] = [];
  for (let i = 0; i < input.length; i++) {
    if (!isNaNWord(dtype, inWords, i)) continue;
    for (let k = 0; k < per; k++) if (inWords[i * per + k] !== outWords[i * per + k]) changed.push(i);
  }
  return changed;
}

function wordsHex(array: ReluTypedArray, index: number, dtype: DType): string {
  const words = wordsOf(array);
  const per = BYTES_PER_ELEMENT[dtype] === 8 ? 2 : 1;
  return Array.from({ length: per }, (_, k) => words[index * per + k]!.toString(16)).join(':');
}

