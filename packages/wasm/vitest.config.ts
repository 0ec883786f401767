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
  },
});
