// WAT text to WebAssembly bytes with wabt (the maintained assembler), checked twice: by wabt's
// validator where it can, and by the engine that will run it.
import wabtInit from 'wabt';

// wasm32 addresses reach 4 GiB: 65536 pages of 64 KiB. A shared memory must declare a maximum.
export const SHARED_MEMORY_IMPORT = '(import "env" "memory" (memory 0 65536 shared))';
// No maximum: the engine's own limit (4 GiB) applies, and a memory without one can be imported.
export const UNSHARED_MEMORY_IMPORT = '(import "env" "memory" (memory 0))';
export const SIMD_PROBE = '(module (func (result v128) (i32x4.splat (i32.const 0))))';

let wabt;

export async function assemble(name, text, { sharedMemory = false } = {}) {
  wabt ??= await wabtInit();
  let module;
  try {
    module = wabt.parseWat(name, text, { simd: true, threads: true, sign_extension: true });
    module.resolveNames();
    // wabt.js's validate() ignores the feature flags and rejects any shared memory; the unshared
    // twin of the same kernels gets wabt's validation (with line numbers) instead.
    if (!sharedMemory) module.validate();
  } catch (error) {
    module?.destroy();
    // Rethrown from here: Node would otherwise print the line of wabt's minified source it came from.
    throw new Error(`wabt: ${error.message}`);
  }
  try {
    const bytes = module.toBinary({ log: false, write_debug_names: false }).buffer;
    new WebAssembly.Module(bytes);
    return bytes;
  } finally {
    module.destroy();
  }
}
