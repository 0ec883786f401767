/** a GLSL uint literal of a 32-bit word, in hex (GLSL ES 3.00 integer literal syntax). */
export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}u`;
