import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchArguments, launchEnvironment } from './launch.js';
import { type NpmSource, loadManifest } from './manifest.js';
import { platformMismatch } from './platform.js';

const manifest = loadManifest();
const scratch = await mkdtemp(join(tmpdir(), 'relu-manifest-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the pinned manifest (runtimes/runtimes.json)', () => {
  it('pins every runtime the suite runs in, each exactly, with an integrity and a platform', () => {
    expect(manifest.runtimes.map((r) => r.name)).toEqual(['node20', 'node22', 'node24', 'node26', 'bun', 'deno']);
    for (const runtime of manifest.runtimes.filter((r) => r.npm)) {
      expect(runtime.npm!.version, runtime.name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(runtime.npm!.integrity, runtime.name).toMatch(/^sha512-/);
      expect(runtime.npm!.downloadBytes, runtime.name).toBeGreaterThan(10e6);
    }
    expect(manifest.runtimes.find((r) => r.name === 'node20')!.system).toEqual({ command: 'node', major: 20 });
  });

  it('expands each family command with the tier and runtime flags, and each tier environment', () => {
    const node = manifest.families.node!;
    expect(launchArguments(node, 'optimized', ['--experimental-websocket'], '/x/guest.mjs')).toEqual(['--experimental-websocket', '/x/guest.mjs']);
    expect(launchArguments(node, 'cold', [], '/x/guest.mjs')).toEqual(['--no-opt', '--no-maglev', '--no-sparkplug', '/x/guest.mjs']);
    expect(launchArguments(manifest.families.deno!, 'cold', [], 'g.mjs')).toEqual(['run', '--allow-all', '--no-prompt', '--v8-flags=--no-opt,--no-maglev,--no-sparkplug', 'g.mjs']);
    expect(launchEnvironment(manifest.families.bun!, 'cold')).toEqual({ BUN_JSC_useJIT: '0' });
    expect(launchEnvironment(manifest.families.bun!, 'optimized')).toEqual({});
  });

  it('rejects a malformed manifest with a TypeError naming the file, the entry and the field', async () => {
    const write = async (data: unknown) => {
      const path = join(scratch, `m-${Math.random()}.json`);
      await writeFile(path, JSON.stringify(data));
      return path;
    };
    const families = manifest.families;
    const good = manifest.runtimes.find((r) => r.name === 'node22')!;
    await expect(write({ families, runtimes: [{ ...good, family: 'rhino' }] }).then(loadManifest)).rejects.toThrow(/runtimes\[0\]\.family must be one of node, deno, bun; got "rhino"/);
    await expect(write({ families, runtimes: [{ ...good, npm: { ...good.npm, version: '^22' } }] }).then(loadManifest)).rejects.toThrow(/runtimes\[0\]\.npm\.version must be an exact version/);
    await expect(write({ families, runtimes: [good, good] }).then(loadManifest)).rejects.toThrow(/runtimes\[1\]\.name must be unique/);
    await expect(write({ families: { node: { ...families.node, tiers: {} } }, runtimes: [] }).then(loadManifest)).rejects.toThrow(TypeError);
  });
});

describe('platforms', () => {
  const deno = manifest.runtimes.find((r) => r.name === 'deno')!.npm as NpmSource;
  it('says plainly when a platform package does not apply to this machine', () => {
    expect(platformMismatch(deno, { os: 'darwin', cpu: 'arm64', glibc: false })).toBe('@deno/linux-x64-glibc@2.9.6 is built for linux-x64 (glibc), and this machine is darwin-arm64');
    expect(platformMismatch(deno, { os: 'linux', cpu: 'x64', glibc: false })).toBe('@deno/linux-x64-glibc@2.9.6 needs glibc, which this machine does not have');
    expect(platformMismatch(deno, { os: 'linux', cpu: 'x64', glibc: true })).toBeUndefined();
  });
});
