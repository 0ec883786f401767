import { defineConfig } from 'vitest/config';

// Browser tests bundle a page and start Chromium once per file (hookTimeout); SwiftShader is slow.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000 } });
