// Vitest globalSetup: the tests import src/generated/wasm-binaries.ts, which the assembler writes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup() {
  execFileSync(process.execPath, [fileURLToPath(new URL('./build-wasm.mjs', import.meta.url))], { stdio: 'inherit' });
}
