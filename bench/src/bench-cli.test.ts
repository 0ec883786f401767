import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The CLIs refuse unknown backend names before running anything, with the known names listed. */
const run = promisify(execFile);
const cli = (name: string) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

async function exitOf(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli(file), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(['bench-cli.js', 'report-cli.js'])('%s --backends with an unknown name', (file) => {
  it('exits 2 naming every unknown name and listing subjects, cases and baselines, and runs nothing', async () => {
    const { code, stdout, stderr } = await exitOf(file, ['--quick', '--no-browser', '--backends', 'core,nosuch,wasm,other']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown backends 'nosuch', 'other';/);
    expect(stderr).not.toMatch(/'core',.*unknown/);
    expect(stderr).toMatch(/known subjects: 'core', .*'onnx-cpu'/);
    expect(stderr).toMatch(/cases: .*'core-into'.*'wasm-zero-copy'/);
    expect(stderr).toMatch(/baselines: .*'y\.set\(x\)'.*'async x\.slice\(\)'/);
    expect(stdout).not.toMatch(/ratio to a copy|conformance: quick sweep/);
  }, 60_000);
});

describe('bench-cli.js --runtimes with an unknown name', () => {
  it('exits 2 naming it and listing the runtimes and browsers it knows, and runs nothing', async () => {
    const { code, stdout, stderr } = await exitOf('bench-cli.js', ['--quick', '--runtimes', 'node20,nosuch']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--runtimes must list names from node20, node22, node24, node26, bun, deno, chromium, firefox, webkit; got "nosuch"/);
    expect(stdout).not.toMatch(/ratio to a copy/);
  }, 60_000);
});
