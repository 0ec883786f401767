// Packs @relu/core and @relu/onnx (npm pack), installs both tarballs into an empty project in the
// system temp directory (outside the repository, so nothing resolves through the workspace), then
// imports the package there and runs 'cpu' and 'wasm' in Node, and type-checks an import of it.
// Needs both packages built and the npm registry (for onnxruntime-*, protobufjs; npm's cache
// serves them when it has them). Usage: npm run build && node scripts/pack-smoke.mjs [--keep]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const repo = join(here, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'relu-pack-smoke-'));
const project = join(dir, 'project');
mkdirSync(project);
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip', npm_config_onnxruntime_node_install_cuda: 'skip' };
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

try {
  const tarballs = ['core', 'onnx'].map((name) => {
    const out = sh('npm', ['pack', '--silent', '--pack-destination', dir], join(repo, 'packages', name));
    return join(dir, out.trim().split('\n').pop());
  });
  console.log(`packed: ${tarballs.map((t) => t.replace(`${dir}/`, '')).join(', ')}`);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'relu-pack-smoke', private: true, type: 'module' }, null, 2));
  // The same key as the repository's .npmrc: onnxruntime-node's install must not fetch CUDA files.
  writeFileSync(join(project, '.npmrc'), 'onnxruntime-node-install-cuda=skip\n');
  sh('npm', ['install', '--no-audit', '--no-fund', ...tarballs], project);
  console.log('installed into', project);

  writeFileSync(
    join(project, 'smoke.mjs'),
    `import { onnxBackend, onnxWebAssets, opModel, reluModel } from '@relu/onnx';
import { relu, relu6 } from '@relu/core';
import { existsSync } from 'node:fs';
const x = new Float32Array([-10, -5, 0, 5, 10, -0]);
const result = {};
for (const executionProvider of ['cpu', 'wasm']) {
  const backend = await onnxBackend({ executionProvider, canonical: true });
  const y = await backend.run(x);
  const y6 = await backend.run(x, { op: 'relu6' });
  result[backend.name] = { y: Array.from(y, (v) => Object.is(v, -0) ? '-0' : v), relu6: Array.from(y6, (v) => Object.is(v, -0) ? '-0' : v), runtime: backend.info.runtime, ops: Object.keys(backend.ops).join(',') };
  await backend.dispose();
}
result.core = Array.from(relu(x));
result.coreRelu6 = Array.from(relu6(x));
result.modelBytes = [reluModel({ dtype: 'int8' }).length, opModel({ op: 'leakyRelu', dtype: 'float32' }).length];
result.assets = onnxWebAssets().map((p) => existsSync(p));
console.log(JSON.stringify(result));
`,
  );
  console.log(sh(process.execPath, ['smoke.mjs'], project));

  writeFileSync(
    join(project, 'check.ts'),
    `import { onnxBackend, onnxWebAssets, type OnnxBackendOptions, type ExecutionProvider } from '@relu/onnx';
import type { ReluBackend } from '@relu/core';
const options: OnnxBackendOptions = { executionProvider: 'wasm' satisfies ExecutionProvider, canonical: true };
const backend: Promise<ReluBackend> = onnxBackend(options);
void backend.then((b) => b.run(new Float32Array(1), { op: 'leakyRelu', attributes: { alpha: 0.2 } }));
const assets: string[] = onnxWebAssets();
void backend; void assets;
`,
  );
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  sh(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', 'check.ts'], project);
  console.log('types: check.ts compiles against the installed package (module nodenext)');
  console.log('pack smoke test passed');
} catch (error) {
  console.error(error.stdout ?? '', error.stderr ?? '', error.message);
  process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log('kept', dir);
  else rmSync(dir, { recursive: true, force: true });
}
