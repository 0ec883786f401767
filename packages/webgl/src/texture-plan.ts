import { TEXEL_BYTES } from './layout.js';

/** One draw: a width x height texture holding bytes [byteOffset, byteOffset + byteLength) of the data. */
export interface TexturePart {
  readonly byteOffset: number;
  readonly byteLength: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Texels per draw at most: a MAX_TEXTURE_SIZE square can be 1 GiB of RGBA32UI, so parts are also
 * capped at 64 MiB, which keeps the textures a run holds modest.
 */
export const MAX_TEXELS_PER_PART = 1 << 22;

/**
 * Splits `byteLength` bytes into textures of at most maxTextureSize x maxTextureSize texels (and
 * MAX_TEXELS_PER_PART): full rows of maxTextureSize, the last row partial. Part boundaries fall
 * on texels, 16 bytes, a whole number of elements of every dtype.
 */
export function planTextures(byteLength: number, maxTextureSize: number): TexturePart[] {
  const texels = Math.ceil(byteLength / TEXEL_BYTES);
  const perPart = Math.min(maxTextureSize * maxTextureSize, Math.max(maxTextureSize, Math.floor(MAX_TEXELS_PER_PART / maxTextureSize) * maxTextureSize));
  const parts: TexturePart[] = [];
  for (let first = 0; first < texels; first += perPart) {
    const count = Math.min(perPart, texels - first);
    const width = Math.min(count, maxTextureSize);
    const byteOffset = first * TEXEL_BYTES;
    parts.push({ byteOffset, byteLength: Math.min(count * TEXEL_BYTES, byteLength - byteOffset), width, height: Math.ceil(count / width) });
  }
  return parts;
}
