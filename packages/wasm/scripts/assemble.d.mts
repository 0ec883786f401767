// Types of assemble.mjs for the TypeScript tests that import it (the mutation tests).
export const SHARED_MEMORY_IMPORT: string;
export const UNSHARED_MEMORY_IMPORT: string;
export const SIMD_PROBE: string;
export function assemble(name: string, text: string, options?: { sharedMemory?: boolean }): Promise<Uint8Array>;
