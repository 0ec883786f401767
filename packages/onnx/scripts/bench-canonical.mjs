// What canonical mode costs per execution provider and op: raw against canonical float32 runs
// (interleaved samples, medians), in Node (cpu, wasm) and, when Chromium is available, in a page
// (wasm, webgl, webgpu; timed inside the page). Inputs mix ordinary values on both sides of 0
// and 6 with -0, NaN and subnormals (1 in 16 each), so every op's repair has work everywhere.
// Usage: npm run build && node scripts/bench-canonical.mjs [--samples 15] [--no-browser]
//   [--ops relu,leakyRelu,relu6] [--lengths 1,1000,1000000] [--ep cpu,wasm,webgl,webgpu]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { onnxBackend, onnxWebAssets } from '../dist/index.node.js';

const args = process.argv.slice(2);
const samplesArg = args.indexOf('--samples');
const SAMPLES = samplesArg >= 0 ? Number(args[samplesArg + 1]) : 15;
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const LENGTHS = option('lengths', '1,1000,1000000').split(',').map(Number);
const OPS = option('ops', 'relu,leakyRelu,relu6').split(',');
const EPS = option('ep', 'cpu,wasm,webgl,webgpu').split(',');
const ATTRIBUTES = { relu: {}, leakyRelu: { alpha: 0.01 }, relu6: {} };

// The measuring code is TypeScript in src/test-support; bundle it (with @relu/core: a data: URL
// module cannot resolve bare specifiers) for Node.
const bundled = await build({
  entryPoints: [fileURLToPath(new URL('../src/test-support/bench-canonical.ts', import.meta.url))],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
});
const { measureCanonicalCost } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} us` : `${ms.toFixed(2)} ms`);
/** Prints each op's rows as soon as they are measured (a full run takes minutes). */
const report = (where, results) => {
  for (const r of results) console.log(`| ${r.backend} | ${r.op} | ${where} | ${r.n} | ${fmt(r.rawMs)} | ${fmt(r.canonicalMs)} | ${r.ratio.toFixed(3)} | ${r.repairNsPerElement.toFixed(2)} ns/element |`);
};
console.log('| backend | op | where | n | raw | canonical | canonical/raw | repair pass alone |');
console.log('|---|---|---|---|---|---|---|---|');
for (const executionProvider of EPS.filter((ep) => ep === 'cpu' || ep === 'wasm')) {
  for (const op of OPS) {
    report('Node', await measureCanonicalCost((canonical) => onnxBackend({ executionProvider, canonical }), op, ATTRIBUTES[op], LENGTHS, SAMPLES));
  }
}

if (!args.includes('--no-browser')) {
  const { browserSkipReason, openBrowserPage } = await import('@relu/browser-harness');
  const skip = browserSkipReason();
  if (skip) console.warn(`browser execution providers skipped: ${skip}`);
  else {
    const page = await openBrowserPage({ entry: fileURLToPath(new URL('../src/test-support/bench-page.ts', import.meta.url)), assets: onnxWebAssets() });
    try {
      for (const executionProvider of EPS.filter((ep) => ep !== 'cpu')) {
        for (const op of OPS) {
          report(`Chromium ${page.browserVersion}`, await page.call('canonicalCost', executionProvider, op, ATTRIBUTES[op], LENGTHS, SAMPLES));
        }
      }
    } finally {
      await page.close();
    }
  }
}

