import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the sources: the package.json "imports" map points at dist/ for consumers.
    alias: { '#platform': fileURLToPath(new URL('./src/platform-node.ts', import.meta.url)) },
  },
  test: {
    // Assembles wat/ into src/generated/ first, so that `vitest run` works on a clean clone.
    globalSetup: ['./scripts/vitest-global-setup.mjs'],
    // The exhaustive kernel checks and the fault tests take seconds each on a loaded 2-core
    // machine; a genuine hang still fails.
    testTimeout: 30_000,
  },
});
