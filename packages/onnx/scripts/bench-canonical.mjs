// What canonical mode costs per execution provider: raw against canonical float32 runs
// (interleaved samples, medians), in Node (cpu, wasm) and, when Chromium is available, in a page
// (wasm, webgl, webgpu; timed inside the page). Inputs mix ordinary values with -0, NaN and
// subnormals (1 in 16 each), so the repair pass has work on every execution provider.
// Usage: npm run build && node scripts/bench-canonical.mjs [--samples 15] [--no-browser]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { onnxBackend, onnxWebAssets } from '../dist/index.node.js';

const args = process.argv.slice(2);
const samplesArg = args.indexOf('--samples');
const SAMPLES = samplesArg >= 0 ? Number(args[samplesArg + 1]) : 15;
const LENGTHS = [1, 1000, 1_000_000];

// The measuring code is TypeScript in src/test-support; bundle it for Node.
const bundled = await build({
  entryPoints: [fileURLToPath(new URL('../src/test-support/bench-canonical.ts', import.meta.url))],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  packages: 'external',
});
const { measureCanonicalCost } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const rows = [];
for (const executionProvider of ['cpu', 'wasm']) {
  rows.push(...(await measureCanonicalCost((canonical) => onnxBackend({ executionProvider, canonical }), LENGTHS, SAMPLES)).map((r) => ({ where: 'Node', ...r })));
}

if (!args.includes('--no-browser')) {
  const { browserSkipReason, openBrowserPage } = await import('@relu/browser-harness');
  const skip = browserSkipReason();
  if (skip) console.warn(`browser execution providers skipped: ${skip}`);
  else {
    const page = await openBrowserPage({ entry: fileURLToPath(new URL('../src/test-support/bench-page.ts', import.meta.url)), assets: onnxWebAssets() });
    try {
      for (const executionProvider of ['wasm', 'webgl', 'webgpu']) {
        rows.push(...(await page.call('canonicalCost', executionProvider, LENGTHS, SAMPLES)).map((r) => ({ where: `Chromium ${page.browserVersion}`, ...r })));
      }
    } finally {
      await page.close();
    }
  }
}

const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} us` : `${ms.toFixed(2)} ms`);
console.log('| backend | where | n | raw | canonical | canonical/raw | repair pass alone |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.backend} | ${r.where} | ${r.n} | ${fmt(r.rawMs)} | ${fmt(r.canonicalMs)} | ${r.ratio.toFixed(3)} | ${r.repairNsPerElement.toFixed(2)} ns/element |`);
}
