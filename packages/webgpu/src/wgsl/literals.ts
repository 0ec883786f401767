/** a WGSL u32 literal of a 32-bit word, in hex (WGSL integer literal syntax). */
export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}u`;
