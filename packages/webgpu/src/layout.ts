import { BYTES_PER_ELEMENT, type DType } from '@relu/core';

/**
 * How a dtype's elements sit in the u32 words a kernel reads. GPU buffers are little-endian (as
 * every host WebGPU runs on), so the bytes of a typed array are the words' bytes: lane i of a
 * packed word is bits [i * laneBits, (i + 1) * laneBits), and a 64-bit element is its low word
 * then its high word.
 */
export type Packing =
  /** Two 16-bit or four 8-bit elements per word. */
  | { readonly kind: 'lanes'; readonly lanes: 2 | 4; readonly laneBits: 16 | 8 }
  /** One 32-bit element per word. */
  | { readonly kind: 'word' }
  /** One 64-bit element per two words, as vec2<u32>(low, high). */
  | { readonly kind: 'pair' };

export function packingOf(dtype: DType): Packing {
  switch (BYTES_PER_ELEMENT[dtype]) {
    case 1:
      return { kind: 'lanes', lanes: 4, laneBits: 8 };
    case 2:
      return { kind: 'lanes', lanes: 2, laneBits: 16 };
    case 4:
      return { kind: 'word' };
    default:
      return { kind: 'pair' };
  }
}

/** Elements per "slot" unit of a kernel's position arithmetic: one element, `lanes` per word. */
export function lanesPerWord(dtype: DType): number {
  const packing = packingOf(dtype);
  return packing.kind === 'lanes' ? packing.lanes : 1;
}
