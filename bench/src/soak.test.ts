import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The soak's verdicts on backends whose behaviour is known: one that keeps every output alive,
 * one that returns wrong values, and a clean one. Small counts: this checks the detector, the
 * soak itself (npm run soak) checks the real backends.
 */
const run = promisify(execFile);
const soak = fileURLToPath(new URL('../dist/soak.js', import.meta.url));

/** A ReluBackend module with no imports (it is loaded from a temporary directory). */
const backendModule = (name: string, body: string) => `
const kept = [];
let calls = 0;
export default {
  name: '${name}',
  dtypes: ['float32'],
  async run(x) {
    const y = new Float32Array(x.length);
    ${body}
    return y;
  },
  async dispose() {},
};
`;

async function soakOf(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--expose-gc', soak, '--backend', file, '--runs', '1000', '--cycles', '10'], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run soak', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relu-soak-'));
    await writeFile(join(dir, 'leaky.mjs'), backendModule('leaky', 'for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0; kept.push(new Float64Array(8192));'));
    await writeFile(join(dir, 'degrading.mjs'), backendModule('degrading', 'calls++; for (let i = 0; i < x.length; i++) y[i] = i === 3 && calls > 200 ? -1 : x[i] > 0 ? x[i] : 0;'));
    await writeFile(join(dir, 'biased.mjs'), backendModule('biased', 'for (let i = 0; i < x.length; i++) y[i] = i === 3 ? -1 : x[i] > 0 ? x[i] : 0;'));
    await writeFile(join(dir, 'clean.mjs'), backendModule('clean', 'for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fails a backend that keeps 64 KiB per run, naming it, the phase and the figure', async () => {
    const { code, stderr } = await soakOf(join(dir, 'leaky.mjs'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/soak FAIL .*leaky\.mjs runs: .*(external|heapUsed) grew \d+\.\d MiB after warm-up \(bound \d+ MiB\) over 1,000 runs/);
  }, 120_000);

  it('fails a backend whose results change during the soak', async () => {
    const { code, stderr } = await soakOf(join(dir, 'degrading.mjs'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/soak FAIL .*degrading\.mjs runs: run \d+: relu n=\d+ returned 0xbf800000 at 3; its first call returned 0x[0-9a-f]{8}/);
  }, 120_000);

  it('notes, without failing, a backend that differs from the reference from its first call (conformance judges that)', async () => {
    const { code, stdout } = await soakOf(join(dir, 'biased.mjs'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/note: .*biased\.mjs relu n=\d+ gives 0xbf800000 at 3 where @relu\/core gives 0x[0-9a-f]{8}/);
  }, 120_000);

  it('passes a backend that holds nothing, and prints its figures', async () => {
    const { code, stdout } = await soakOf(join(dir, 'clean.mjs'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/clean\.mjs\s*│ runs\s*│/);
    expect(stdout).toMatch(/clean\.mjs\s*│ create\/dispose\s*│/);
    expect(stdout).toContain('soak: ok');
  }, 120_000);
});
