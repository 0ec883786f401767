import { BYTES_PER_ELEMENT, DTYPES, DTYPE_ARRAY_CONSTRUCTORS, type DType, type ReluTypedArray, allocate } from '@relu/core';
import type { BenchCase, PreparedCall } from '../bench-case.js';
import { FLOOR } from '../floors.js';
import { randomSignData } from '../random-data.js';

/**
 * The floors every other figure is read against, timed in the same run and environment as the
 * backends. They move memory and run no op, so each is timed once per dtype and size and shown
 * beside every op.
 */
type Bits = ArrayLike<number> & { set(source: ArrayLike<number>): void };
type ViewConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => ReluTypedArray;

/** A view of dtype's array type on a WebAssembly.Memory of its own: where a wasm run() copies x to. */
function wasmMemoryView(dtype: DType, length: number): Bits {
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((BYTES_PER_ELEMENT[dtype] * length) / 65536)) });
  const View = DTYPE_ARRAY_CONSTRUCTORS[dtype] as unknown as ViewConstructor;
  return new View(memory.buffer, 0, length) as unknown as Bits;
}

const BASELINES: Readonly<Record<string, { readonly includes: string; readonly make: (x: Bits, dtype: DType) => () => unknown }>> = {
  [FLOOR.copy]: {
    includes: 'y.set(x) into a preallocated y of the same type: the copy, as a named row',
    make: (x, dtype) => {
      const y = allocate(dtype, x.length) as unknown as Bits;
      return () => y.set(x);
    },
  },
  [FLOOR.slice]: {
    includes: 'x.slice(): a new array holding the same bytes, the floor of relu(x) without out',
    make: (x) => {
      const array = x as unknown as ReluTypedArray;
      return () => array.slice();
    },
  },
  [FLOOR.asyncSlice]: {
    includes: 'await (async () => x.slice())(): the floor of any run(), a promise of a new array',
    make: (x) => {
      const array = x as unknown as ReluTypedArray;
      return () => (async () => array.slice())();
    },
  },
  [FLOOR.wasmTraffic]: {
    includes: 'new T(n), x copied into a preallocated WebAssembly.Memory and copied out into the new array: the memory traffic a wasm run() cannot avoid',
    make: (x, dtype) => {
      const inWasm = wasmMemoryView(dtype, x.length);
      const Array = (x as unknown as ReluTypedArray).constructor as new (length: number) => Bits;
      return () => {
        const y = new Array(x.length);
        inWasm.set(x);
        y.set(inWasm);
        return y;
      };
    },
  },
};

export const MEMORY_BASELINES: readonly string[] = Object.keys(BASELINES);

export function memoryBaselineCase(name: string): BenchCase {
  const { includes, make } = BASELINES[name]!;
  return {
    name,
    role: 'baseline',
    work: { memory: DTYPES },
    info: { runtime: 'JavaScript' },
    includes,
    floors: [],
    async prepare({ dtype, size }): Promise<PreparedCall> {
      return { run: make(randomSignData(dtype, size) as unknown as Bits, dtype), release: () => {} };
    },
    dispose: async () => {},
  };
}
