import { BYTES_PER_ELEMENT, type DType } from '@relu/core';

/**
 * How a dtype's elements sit in the 32-bit words of a texel: the bytes of the typed array are
 * the texel's bytes (RGBA32UI, little-endian words as on every WebGL host), so lane i of a packed
 * word is bits [i * laneBits, (i + 1) * laneBits), and a 64-bit element is two words, low first.
 */
export type Packing =
  | { readonly kind: 'lanes'; readonly lanes: 2 | 4; readonly laneBits: 16 | 8 }
  | { readonly kind: 'word' }
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

/** Bytes per texel: RGBA32UI, four 32-bit words. */
export const TEXEL_BYTES = 16;
