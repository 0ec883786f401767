import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';

/**
 * The CLI's exit code: 0 only when every subject ran to the end and conforms; 1 when anything
 * failed, hung or checked nothing; 2 when the command is wrong. User backends here are plain
 * modules in a temporary folder, as a user would write them.
 */

let dir: string;
const HANGS = `export default { name: 'hangs', dtypes: ['float32'], run: () => new Promise(() => {}), async dispose() {} };\n`;
const HANGS_WITH_TIMER = `setInterval(() => {}, 1000);\n${HANGS}`;
const GOOD = `export default { name: 'good', dtypes: ['int8'], async run(x) { return x.map((v) => (v > 0 ? v : 0)); }, async dispose() {} };\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relu-cli-'));
  await writeFile(join(dir, 'hangs.mjs'), HANGS);
  await writeFile(join(dir, 'hangs-with-timer.mjs'), HANGS_WITH_TIMER);
  await writeFile(join(dir, 'good.mjs'), GOOD);
  await writeFile(join(dir, 'bad-profile.json'), JSON.stringify({ name: 'good', description: '', environment: 'node', adapter: 'good', mode: 'raw', deviations: [{ dtypes: ['int8'], class: 'negative', becomes: 'sometimes', reason: 'a reason of some length' }] }));
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['node', 'relu-conformance', ...args], { out: (line) => (out += `${line}\n`), err: (text) => (err += text), isTerminal: false });
  return { code, out, err };
}

describe('exit codes', () => {
  it('0 for a conforming backend', async () => {
    const { code, out } = await cli('--quick', '--no-builtin', '--backend', join(dir, 'good.mjs'));
    expect(out).toContain('every subject conforms to its profile');
    expect(code).toBe(0);
  });

  it('1 for a backend that never settles, with the deadline in the message', async () => {
    const { code, out } = await cli('--quick', '--no-builtin', '--deadline', '0.5', '--backend', join(dir, 'hangs-with-timer.mjs'));
    expect(out).toMatch(/hangs \(node\d+ optimized\): FAIL: relu float32 sweep failed after 0 inputs: hangs \(--backend .*hangs-with-timer.mjs\): run\(\) of relu float32 in sweep did not settle within the 0.5 s deadline/);
    expect(code).toBe(1);
  });

  it('1 when nothing is checked', async () => {
    const { code, out } = await cli('--quick', '--no-builtin');
    expect(out).toMatch(/the matrix has no rows/);
    expect(code).toBe(1);
  });

  it('2 for an invalid profile, naming the file and the field', async () => {
    const { code, err } = await cli('--quick', '--no-builtin', '--backend', join(dir, 'good.mjs'), '--profile', join(dir, 'bad-profile.json'));
    expect(err).toMatch(/bad-profile.json \(good\) deviations\[0\] "becomes": must be one of/);
    expect(code).toBe(2);
  });

  it('2 for an unknown op or a bad deadline', async () => {
    expect((await cli('--ops', 'relu7')).code).toBe(2);
    expect((await cli('--deadline', '-1')).code).toBe(2);
  });

  it('a real process whose backend never settles, with nothing else keeping it alive, exits 1, not 0', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(existsSync(bin), 'build the package first (npm run build): this test runs the compiled CLI').toBe(true);
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, '--quick', '--no-builtin', '--deadline', '1', '--backend', join(dir, 'hangs.mjs')], { timeout: 60_000 }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
      );
    });
    expect(result.stdout).toMatch(/did not settle within the 1 s deadline/);
    expect(result.code).toBe(1);
  }, 90_000);
});
