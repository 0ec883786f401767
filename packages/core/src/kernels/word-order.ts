/**
 * Index of the high and low 32-bit words of a 64-bit element inside an Int32Array view. Every
 * mainstream JS engine is little-endian, but typed arrays use the platform's byte order, so the
 * 64-bit kernels ask rather than assume.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
export const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
