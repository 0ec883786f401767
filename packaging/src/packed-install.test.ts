import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RemoteEnvironment } from '@relu/browser-harness';
import { type EnvironmentTarget, environmentSkipReason, environments, openEnvironment } from '@relu/runtime-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packages as users get them: `npm pack` each published workspace, install the tarballs into
 * an empty project outside the repository (so nothing resolves through the workspace), and use
 * them there from plain ESM and from strict TypeScript.
 */
const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const PUBLISHED = ['packages/core', 'packages/wasm', 'packages/onnx', 'packages/webgpu', 'packages/webgl', 'packages/browser-harness', 'packages/runtime-harness', 'conformance'];

let project: string;
const run = (command: string, args: string[]) => exec(command, args, { cwd: project, maxBuffer: 1 << 26 });

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'relu-packed-'));
  project = join(dir, 'project');
  const tarballs: string[] = [];
  for (const workspace of PUBLISHED) {
    const { stdout } = await exec('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: join(repo, workspace) });
    tarballs.push(join(dir, stdout.trim().split('\n').pop()!));
  }
  await exec('mkdir', ['-p', project]);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'relu-user', private: true, type: 'module' }));
  await writeFile(join(project, '.npmrc'), 'onnxruntime-node-install-cuda=skip\n');
  await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs, 'typescript@5.9.3']);
  await copyFile(fileURLToPath(new URL('./fixtures/check-packages.mjs', import.meta.url)), join(project, 'check-packages.mjs'));
}, 600_000);
afterAll(() => rm(join(project, '..'), { recursive: true, force: true }));

describe('packed packages in an empty project', () => {
  it('@relu/core, @relu/wasm and @relu/onnx import and compute SPEC.md bits', async () => {
    await writeFile(
      join(project, 'use.mjs'),
      `import { relu, coreBackend } from '@relu/core';
import { wasmBackend } from '@relu/wasm';
import { onnxBackend } from '@relu/onnx';
const x = new Float32Array([-10, -5, 0, 5, 10, -0, NaN, -Infinity]);
const bits = (a) => [...new Uint32Array(a.buffer)].map((b) => b.toString(16));
const backends = [coreBackend, await wasmBackend(), await onnxBackend({ executionProvider: 'cpu', canonical: true }), await onnxBackend({ executionProvider: 'wasm', canonical: true })];
const out = { relu: bits(relu(x)) };
for (const b of backends) { out[b.name] = bits(await b.run(x)); await b.dispose(); }
console.log(JSON.stringify(out));
`,
    );
    const { stdout } = await run(process.execPath, ['use.mjs']);
    const results = JSON.parse(stdout) as Record<string, string[]>;
    expect(Object.keys(results)).toEqual(['relu', 'core', 'wasm', 'onnx-cpu+canonical', 'onnx-web-wasm+canonical']);
    for (const [name, bits] of Object.entries(results)) {
      expect(bits.slice(0, 6), name).toEqual(['0', '0', '0', '40a00000', '41200000', '0']);
      expect((parseInt(bits[6]!, 16) & 0x7fffffff) > 0x7f800000, `${name}: NaN stays NaN`).toBe(true);
      expect(bits[7], name).toBe('0');
    }
  });

  it('type-checks a strict TypeScript consumer against the published declarations', async () => {
    await writeFile(
      join(project, 'use.ts'),
      `import { relu, type ReluBackend, type DType } from '@relu/core';
import { wasmBackend } from '@relu/wasm';
import { onnxBackend, reluModel } from '@relu/onnx';
const y: Float32Array = relu(new Float32Array([1, -1]));
const n: number = relu(-3);
const model: Uint8Array = reluModel({ dtype: 'float32' });
const dtype: DType = 'int8';
async function pick(): Promise<ReluBackend> { return Math.random() > 0.5 ? wasmBackend() : onnxBackend({ executionProvider: 'wasm' }); }
export { y, n, model, dtype, pick };
`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['use.ts'] }),
    );
    await expect(run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'])).resolves.toBeDefined();
  });

  it("relu-conformance checks a user's own backend and holds it to the user's profile", async () => {
    await writeFile(
      join(project, 'my-relu.mjs'),
      `import { checkRunArguments } from '@relu/core';
export default { name: 'my-relu', dtypes: ['float32'], async run(x, options) { checkRunArguments('my-relu', ['float32'], x, options); return x.map((v) => (v > 0 ? v : 0)); }, async dispose() {} };
`,
    );
    const args = ['relu-conformance', '--quick', '--no-builtin', '--no-browser', '--backend', './my-relu.mjs'];
    const failing = await run('npx', args).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/my-relu \(node\d+ optimized\) NaN\+: FAIL/);

    const nanBecomesZero = { dtypes: ['float32'], becomes: '+0', reason: 'our ternary returns 0 for NaN' };
    await writeFile(
      join(project, 'my-profile.json'),
      JSON.stringify({ name: 'my-relu', description: 'a ternary', environment: 'node', adapter: 'my-relu.mjs', mode: 'raw', deviations: [{ ...nanBecomesZero, class: 'NaN+' }, { ...nanBecomesZero, class: 'NaN-' }] }),
    );
    const { stdout } = await run('npx', [...args, '--profile', './my-profile.json']);
    expect(stdout).toMatch(/my-relu NaN-: our ternary returns 0 for NaN/);
    expect(stdout).toContain('every subject conforms to its profile');
  });
});

/**
 * The same packed packages in every runtime and browser. Runtimes load the user's module as it is
 * (their own resolver reads the project's node_modules: Bun's, Deno's and each Node's); browsers
 * get it through a bundle, as a user's bundler would make one.
 */
type Check = { ok: true; bits?: string[]; restZero?: boolean; type?: string; relu6?: number[]; leakyRelu?: string[]; info?: Record<string, unknown> } | { ok: false; error: string };

/** What does not run where, as its package documents it: every other check must compute SPEC.md's bits. */
const LIMITATIONS: readonly { check: string; applies: (environment: RemoteEnvironment) => boolean; error: RegExp; reason: string }[] = [
  {
    check: 'onnx-cpu',
    applies: (environment) => environment.kind === 'browser',
    error: /ExecutionProviderUnavailableError: .*'cpu' is onnxruntime-node, which runs only in Node/,
    reason: "@relu/onnx's browser build has no 'cpu' provider (onnxruntime-node is a Node-API addon)",
  },
  {
    check: 'core-Float16Array',
    applies: (environment) => !environment.features.float16Array,
    error: /no Float16Array in this environment/,
    reason: 'Node 20 and 22 have no Float16Array (22 only behind --js-float16array)',
  },
];

const X_BITS = ['0', '0', '0', '40a00000', '41200000', '0', 'NaN', '0', '1'];

function expectSpecBits(bits: readonly string[] | undefined, label: string): void {
  expect(bits, label).toHaveLength(X_BITS.length);
  bits!.forEach((b, i) => {
    if (X_BITS[i] === 'NaN') expect((parseInt(b, 16) & 0x7fffffff) > 0x7f800000, `${label}: NaN stays NaN`).toBe(true);
    else expect(b, `${label}[${i}]`).toBe(X_BITS[i]);
  });
}

const targets: EnvironmentTarget[] = await environments();

describe.each(targets)('packed packages in $name', (target) => {
  const skipReason = environmentSkipReason(target);
  if (skipReason) console.warn(`packaging checks skipped: ${skipReason}`);
  let environment: RemoteEnvironment;
  let checks: Record<string, Check>;
  beforeAll(async () => {
    if (skipReason) return;
    const assets = ['ort-wasm-simd-threaded.jsep.wasm', 'ort-wasm-simd-threaded.jsep.mjs'].map((name) => join(project, 'node_modules/onnxruntime-web/dist', name));
    environment = await openEnvironment({ name: target.name, entry: join(project, 'check-packages.mjs'), bundle: false, cwd: project, assets });
    checks = await environment.call<Record<string, Check>>('check');
  }, 240_000);
  afterAll(async () => environment?.close());

  it.skipIf(skipReason !== undefined)('@relu/core computes SPEC.md bits, also through a real Float16Array where there is one', () => {
    const core = checks.core!;
    expect(core.ok, core.ok ? '' : core.error).toBe(true);
    if (!core.ok) return;
    expectSpecBits(core.bits, 'relu');
    expect(core.relu6).toEqual([0, 3, 6]);
    expect(core.leakyRelu).toEqual(['bf800000', '40400000']);
    const float16 = checks['core-Float16Array']!;
    if (float16.ok) expect(float16).toMatchObject({ type: 'Float16Array', bits: ['0', '4000', '7e00', '0'] });
  });

  it.skipIf(skipReason !== undefined)('@relu/wasm and @relu/onnx run and give SPEC.md bits, or fail as documented', () => {
    for (const name of ['wasm', 'wasm-threads', 'onnx-cpu', 'onnx-wasm', 'core-Float16Array']) {
      const check = checks[name]!;
      const limitation = LIMITATIONS.find((l) => l.check === name && l.applies(environment));
      if (limitation) {
        expect(check.ok, `${name} in ${target.name} should fail: ${limitation.reason}`).toBe(false);
        if (!check.ok) expect(check.error, name).toMatch(limitation.error);
        continue;
      }
      expect(check.ok, `${name} in ${target.name}: ${check.ok ? '' : check.error}`).toBe(true);
      if (check.ok && name !== 'core-Float16Array') {
        expectSpecBits(check.bits, `${name} in ${target.name}`);
        expect(check.restZero, name).toBe(true);
      }
    }
  });

  it.skipIf(skipReason !== undefined)('@relu/wasm runs two threads where there is shared memory and workers, and says which', () => {
    const threaded = checks['wasm-threads']!;
    expect(threaded.ok).toBe(true);
    if (!threaded.ok) return;
    const canThread = environment.features.sharedArrayBuffer && environment.features.workers !== 'none';
    expect(threaded.info).toMatchObject(canThread ? { threads: 2, sharedMemory: true } : { threads: 1 });
    expect(environment.errors()).toEqual([]);
  });
});
