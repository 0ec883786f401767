import { defineConfig } from 'vitest/config';

// A hang guard, not a speed test: the random-pattern checks against the exact oracles take about
// a second on an idle 2-core machine and several on a loaded one.
export default defineConfig({ test: { testTimeout: 30_000 } });
