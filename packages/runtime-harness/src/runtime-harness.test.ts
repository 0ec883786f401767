import { fileURLToPath } from 'node:url';
import { PROTOCOL_GUEST, protocolSuite } from '@relu/browser-harness/test-support';
import { describe, expect, it } from 'vitest';
import { type RuntimeEnvironment, openRuntime, runtimeSkipReason, runtimes } from './index.js';

/**
 * The protocol suite of the browser harness, unchanged, in every runtime of the manifest: the
 * same guest module, calls, remote backends and errors as in a page. A runtime that is not
 * installed is a one-line skip notice locally and a failure under CI (runtimeSkipReason).
 */
const found = await runtimes();
for (const info of found) {
  const skipReason = runtimeSkipReason(info);
  if (skipReason) console.warn(`runtime-harness tests skipped: ${skipReason}`);

  describe.skipIf(skipReason !== undefined)(`runtime harness in ${info.label}`, () => {
    let environment: RuntimeEnvironment | undefined;
    protocolSuite(async (onProgress) => (environment = await openRuntime({ entry: PROTOCOL_GUEST, runtime: info.name, onProgress })));

    it('is a child process of that runtime, as probed at install', () => {
      expect(environment).toMatchObject({ kind: 'runtime', name: info.name, engine: info.engine, engineVersion: info.engineVersion, executable: info.executable, tier: 'optimized' });
      expect(environment!.features.float16Array).toBe(info.float16Array);
      expect(environment!.features.crossOriginIsolated).toBe(false);
      expect(environment!.pid).toBeGreaterThan(0);
    });
  });
}

describe('openRuntime argument checks and failures', () => {
  it('names the runtimes it knows and the tiers', async () => {
    await expect(openRuntime({ entry: PROTOCOL_GUEST, runtime: 'rhino' })).rejects.toThrow(/runtime must be one of node20, node22, node24, node26, bun, deno .*; got "rhino"/);
    await expect(openRuntime({ entry: PROTOCOL_GUEST, runtime: 'node20', tier: 'warm' as never })).rejects.toThrow(RangeError);
  });

  it.skipIf(!found.find((r) => r.name === 'node20')!.available)('fails fast with the exit code and the last output when the guest dies before markReady()', async () => {
    const entry = fileURLToPath(new URL('./test-support/dies-before-ready.ts', import.meta.url));
    const started = performance.now();
    await expect(openRuntime({ entry, runtime: 'node20' })).rejects.toThrow(/node20 \(optimized\) exited \(code 1\): .*guest: dies before markReady/);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
