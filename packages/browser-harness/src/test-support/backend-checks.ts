/**
 * Page-side checks of any ReluBackend, run inside the page against @relu/core there so that only
 * summaries cross back to Node: the GPU packages' browser tests call them on their own backend.
 */
import { BYTES_PER_ELEMENT, type BitMismatch, DTYPE_ARRAY_CONSTRUCTORS, type DType, OPS, type OpName, type ReluBackend, type ReluTypedArray, bitMismatches, everyPattern, prng, randomBits } from '@relu/core';

export interface Verdict {
  readonly checked: number;
  readonly mismatches: readonly (BitMismatch & { readonly where?: string })[];
}

/** What @relu/core's reference gives for x under an op. */
export function reference(op: OpName, dtype: DType, attributes: Record<string, number>, x: ReluTypedArray): ReluTypedArray {
  const descriptor = OPS[op];
  const y = new DTYPE_ARRAY_CONSTRUCTORS[dtype](x.length) as ReluTypedArray;
  descriptor.forward(dtype, descriptor.checkAttributes('test', 'attributes', attributes) as never, x, y);
  return y;
}

/** Every pattern (8- and 16-bit dtypes) or `count` random patterns through backend.run(). */
export async function sweepBackend(backend: ReluBackend, op: OpName, dtype: DType, attributes: Record<string, number>, count: number, seed: number): Promise<Verdict> {
  const x = BYTES_PER_ELEMENT[dtype] <= 2 ? everyPattern(dtype) : randomBits(dtype, count, prng(seed));
  const y = await backend.run(x, { dtype, op, attributes });
  return { checked: x.length, mismatches: bitMismatches(dtype, reference(op, dtype, attributes, x), y, 10) };
}

/** Every length 0..maxLength, each as a view at a different element offset, through backend.run(). */
export async function lengthsThroughRun(backend: ReluBackend, op: OpName, dtype: DType, attributes: Record<string, number>, maxLength: number, seed: number): Promise<Verdict> {
  const random = prng(seed);
  const mismatches: (BitMismatch & { where: string })[] = [];
  for (let length = 0; length <= maxLength; length++) {
    const offset = length % 5;
    const whole = randomBits(dtype, offset + length + 3, random);
    const x = whole.subarray(offset, offset + length) as ReluTypedArray;
    const before = whole.slice();
    const y = await backend.run(x, { dtype, op, attributes });
    if (y.length !== length) mismatches.push({ index: -1, expected: `length ${length}`, actual: `length ${y.length}`, where: `length ${length}` });
    for (const m of bitMismatches(dtype, reference(op, dtype, attributes, x), y, 3)) mismatches.push({ ...m, where: `length ${length}, view offset ${offset}` });
    for (const m of bitMismatches(dtype, before, whole, 1)) mismatches.push({ ...m, where: `input modified, length ${length}` });
  }
  return { checked: maxLength + 1, mismatches };
}

/** What backend.run() did with inputs that lie about themselves (issue 12): results, or the errors' names and messages. */
export interface HostileResults {
  /** relu6 of a Float32Array subclass whose length, buffer, byteLength and byteOffset getters lie. */
  readonly liar: { readonly plain: boolean; readonly values: readonly number[] };
  /** An Int32Array whose Symbol.toStringTag claims Float32Array. */
  readonly posing: string;
  /** A view out of bounds of its shrunk resizable buffer. */
  readonly shrunk: string;
  /** relu of [-1, 2, 3] when the caller overwrites x while the run is pending. */
  readonly written: readonly number[];
}

export async function hostileInputs(backend: ReluBackend): Promise<HostileResults> {
  class Liar extends Float32Array {
    override get length(): number {
      return 1;
    }
    override get buffer(): ArrayBuffer {
      return new ArrayBuffer(4);
    }
    override get byteLength(): number {
      return 4;
    }
    override get byteOffset(): number {
      return 0;
    }
  }
  const outcome = (x: unknown): Promise<string> =>
    backend.run(x as ReluTypedArray).then(
      () => 'no error',
      (error: Error) => `${error.name}: ${error.message}`,
    );
  const y = await backend.run(new Liar([-4, 2, 9]), { op: 'relu6' });
  const posing = Object.defineProperty(new Int32Array([-1, 7]), Symbol.toStringTag, { value: 'Float32Array' });
  const buffer = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 16 });
  const shrunk = new Float32Array(buffer, 8, 2);
  buffer.resize(4);
  const x = new Float32Array([-1, 2, 3]);
  const pending = backend.run(x);
  x.fill(-9);
  return { liar: { plain: Object.getPrototypeOf(y) === Float32Array.prototype, values: [...y] }, posing: await outcome(posing), shrunk: await outcome(shrunk), written: [...(await pending)] };
}
