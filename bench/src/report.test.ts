import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { browserSkipReason, launchChromium } from '@relu/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thisProcess } from './bench-targets.js';

/**
 * The report as a user opens it: `npm start` (here restricted to a few Node backends to keep
 * the test short) writes report/, and the page must load from disk in real Chromium with no
 * console error and every chart drawn.
 */
const run = promisify(execFile);
const skipReason = browserSkipReason();
if (skipReason) console.warn(`report page test skipped: ${skipReason}`);

describe('npm start writes a report', () => {
  let dir: string;
  let stdout: string;
  let here: string;
  beforeAll(async () => {
    here = (await thisProcess()).name;
    dir = await mkdtemp(join(tmpdir(), 'relu-report-'));
    const cli = fileURLToPath(new URL('../dist/report-cli.js', import.meta.url));
    ({ stdout } = await run(process.execPath, [cli, '--quick', '--no-browser', '--backends', 'core,js-ternary,core-into', '--out', dir], { maxBuffer: 1 << 24 }));
  }, 240_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the matrix, the figures and where the report is', () => {
    expect(stdout).toMatch(/js-ternary \(peer\).*declared/);
    expect(stdout).toMatch(/relu float32: ratio to a copy of the same bytes/);
    expect(stdout).toMatch(/leakyRelu float32: ratio to a copy of the same bytes/);
    expect(stdout).toMatch(/NOT MET|met {10}/);
    // The runtime x backend table: one column here (--no-browser leaves this Node only).
    expect(stdout).toMatch(/relu float32 at n=1e6, runtime x backend/);
    expect(stdout).toMatch(new RegExp(`│ backend\\s+│ ${here} │`));
    expect(stdout).toContain(`report written to ${join(dir, 'index.html')}`);
  });

  it('results.json holds conformance, special values and figures that agree with SPEC.md', async () => {
    const data = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
    const ternary = data.conformance.results.find((r: { name: string; dtype: string }) => r.name === 'js-ternary' && r.dtype === 'float32');
    expect(ternary.verdict).toBe('declared');
    expect(ternary.declared.map((d: { class: string }) => d.class).sort()).toEqual(['NaN+', 'NaN-']);
    const negativeZero = data.specialValues.find((o: { backend: string; label: string }) => o.backend === 'core' && o.label === '-0');
    expect(negativeZero).toMatchObject({ input: '0x80000000', actual: '0x00000000', conforms: true });
    const figures = data.bench.results.filter((r: { dtype: string }) => r.dtype === 'float32');
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.ratioToCopy).toBeGreaterThan(0);
      expect(f.spread.min).toBeLessThanOrEqual(f.ratioToCopy);
      expect(f.spread.max).toBeGreaterThanOrEqual(f.ratioToCopy);
    }
    // Every op core declares, at its default attributes, and the baselines beside them.
    const ops = new Set(figures.filter((f: { backend: string }) => f.backend === 'core-into').map((f: { op: string }) => f.op));
    expect([...ops].sort()).toEqual(['leakyRelu', 'relu', 'relu6']);
    expect(figures.find((f: { backend: string; op: string }) => f.backend === 'core' && f.op === 'leakyRelu').attributes).toEqual({ alpha: 0.01 });
    expect(figures.filter((f: { role: string }) => f.role === 'baseline').map((f: { backend: string }) => f.backend)).toEqual(expect.arrayContaining(['y.set(x)', 'x.slice()', 'async x.slice()', 'new + copy in + copy out', 'naive loop']));
    // Every row says where it was measured.
    expect(new Set(figures.map((f: { environment: string; tier: string }) => `${f.environment} ${f.tier}`))).toEqual(new Set([`${here} optimized`]));
    expect(data.bench.environments.map((e: { name: string; engine: string }) => [e.name, e.engine])).toEqual([[here, `V8 ${process.versions.v8}`]]);
    const coreAtOne = figures.find((f: { backend: string; op: string; size: number }) => f.backend === 'core' && f.op === 'relu' && f.size === 1);
    expect(coreAtOne.floors.map((f: { baseline: string }) => f.baseline)).toEqual(['async x.slice()']);
    expect(data.bench.goals.find((g: { title: string }) => g.title.startsWith('relu(x, { out }) at n = 1')).status).toMatch(/^(met|not met)$/);
    const markdown = await readFile(join(dir, 'results.md'), 'utf8');
    expect(markdown).toMatch(/\| js-ternary \(peer\) \|/);
    expect(markdown).toMatch(/### relu6, float32/);
  });

  it.skipIf(skipReason !== undefined)('index.html loads from disk with no console error and draws every chart', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1250, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && errors.push(`network request: ${r.url()}`));
      await page.goto(`file://${join(dir, 'index.html')}`);
      for (const id of ['chart-conformance', 'chart-special', 'chart-ratio', 'chart-runtimes', 'chart-throughput', 'chart-small', 'chart-relu']) {
        const chart = page.locator(`#${id} svg`);
        await expect(chart.count(), id).resolves.toBe(1);
        const box = await chart.boundingBox();
        expect(box!.width, id).toBeGreaterThan(200);
        expect(box!.height, id).toBeGreaterThan(100);
        const marks = await page.locator(`#${id} svg .mark-rect path, #${id} svg .mark-line path, #${id} svg .mark-symbol path, #${id} svg .mark-text text`).count();
        expect(marks, `${id} marks`).toBeGreaterThan(2);
        // A blank region compresses to a few hundred bytes of PNG; a drawn chart to many kilobytes.
        const png = await chart.screenshot();
        expect(png.byteLength, `${id} screenshot`).toBeGreaterThan(5000);
      }
      expect(await page.locator('table').count()).toBeGreaterThan(3);
      for (const op of ['relu', 'leakyRelu', 'relu6']) expect(await page.locator(`#speed-${op} table`).count(), op).toBeGreaterThan(0);
      await expect(page.locator('#runtimes').count()).resolves.toBe(1);
      await expect(page.locator('#gpu').count()).resolves.toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
