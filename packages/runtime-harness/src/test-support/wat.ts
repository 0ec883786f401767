import { readFile } from 'node:fs/promises';
import wabt from 'wabt';

/** Assembles a .wat file (SIMD on) with wabt, as @relu/wasm's build does. */
export async function assembleWat(path: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat(path, await readFile(path, 'utf8'), { simd: true });
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
