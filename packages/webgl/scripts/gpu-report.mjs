// SPEC conformance and speed of @relu/webgl on the WebGL2 of the Chrome/Chromium it launches,
// printing the renderer first. On a machine with a GPU this is the real GPU's result.
//
//   npm run build && npm run gpu-report -w @relu/webgl -- [--headed] [--quick] [--json out.json]
//       [--chrome /path/to/chrome] [--flag --use-angle=vulkan ...] [--sizes 1e4,1e6,1.6e7]
//
// Headless Chromium on a machine without a GPU renders with ANGLE on SwiftShader (software);
// --headed, or ANGLE flags such as --use-angle=vulkan / --use-angle=gl, pick the hardware GPU.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, bundlePage, chromiumPath, serveDirectory } from '@relu/browser-harness';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flags = args.flatMap((a, i) => (args[i - 1] === '--flag' ? [a] : []));
const quick = args.includes('--quick');
const sizes = option('sizes', quick ? '1e4,1e6' : '1e4,1e5,1e6,1.6e7').split(',').map(Number);
const executablePath = option('chrome', undefined) ?? chromiumPath();
if (!executablePath) throw new Error('no Chrome or Chromium found: pass --chrome /path/to/chrome or set CHROMIUM_PATH');

const dir = await mkdtemp(join(tmpdir(), 'relu-webgl-report-'));
await bundlePage(fileURLToPath(new URL('../src/test-support/report-page.ts', import.meta.url)), dir);
const server = await serveDirectory(dir, true);
const browser = await chromium.launch({ executablePath, headless: !args.includes('--headed'), args: [...CHROMIUM_ARGS, ...flags] });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => 'reluReport' in globalThis);
  const call = (name, ...a) => page.evaluate(([n, a]) => globalThis.reluReport[n](...a), [name, a]);
  console.log(`browser: ${browser.version()} (${executablePath})`);
  const info = await call('renderer');
  console.log(`renderer: ${info.renderer} (${info.vendor}); MAX_TEXTURE_SIZE ${info.maxTextureSize}`);

  const conformance = await call('conformance', quick ? 1 << 14 : 1 << 20);
  console.log('\nconformance against @relu/core (every 8/16-bit pattern or random patterns, and lengths 0..70 at view offsets, through run()):');
  console.table(conformance.map((r) => ({ op: r.op, dtype: r.dtype, checked: r.checked, mismatches: r.mismatches, first: r.first ? JSON.stringify(r.first) : '' })));

  const figures = await call('figures', sizes, ['relu', 'relu6', 'leakyRelu'], 'float32');
  console.log(`\nfloat32 speed (${figures[0]?.method}); kernel: ratio to a copy shader over the same texels; run(): ratio to texSubImage2D + readPixels of the same bytes; higher is faster, 1 = copy speed:`);
  console.table(figures.map((r) => ({ op: r.op, n: r.length, 'kernel ms': r.kernelMs.toFixed(4), 'copy shader ms': r.copyShaderMs.toFixed(4), 'kernel/copy shader': r.kernelRatio.toFixed(2), 'run ms': r.runMs.toFixed(3), 'round trip ms': r.roundTripMs.toFixed(3), 'run/round trip': r.runRatio.toFixed(2) })));
  const json = option('json', undefined);
  if (json) await writeFile(json, JSON.stringify({ browser: browser.version(), renderer: info, conformance, figures }, null, 2));
  if (conformance.some((r) => r.mismatches > 0)) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
