#!/usr/bin/env node
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { browserSkipReason, isBrowserName } from '@relu/browser-harness';
import { loadProfiles, renderMatrix } from '@relu/conformance';
import { Command } from 'commander';
import { OP_NAMES } from '@relu/core';
import { UnknownBackendError, checkBackendNames } from './bench-names.js';
import { renderBenchTables } from './bench-table.js';
import { benchNames, runBenchSession } from './bench-session.js';
import { defaultRuntimes } from './bench-targets.js';
import { formatSize } from './figures.js';
import { evaluateGoals } from './goals.js';
import { parseNames, progressLine } from './cli-options.js';
import { machineInfo } from './machine.js';
import { conformanceMatrixChart, ratioChart, reluPlotChart, runtimesChart, smallTensorsChart, specialValuesChart, throughputChart } from './report/charts.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSvg } from './report/render-svg.js';
import { type ReportData, fastestConforming } from './report/report-data.js';
import { conformancePass } from './report/conformance-pass.js';

const program = new Command('relu-report')
  .description('The cross-backend report: a quick conformance pass and a quick benchmark of every backend available here, printed and written to report/ (index.html, results.json, results.md).')
  .option('--quick', 'fewer sizes and samples (about a minute)')
  .option('--out <dir>', 'where to write the report', 'report')
  .option('--backends <names>', 'only these backends, comma-separated (names from conformance/profiles.json)', parseNames)
  .option('--runtimes <names>', 'where the benchmark measures, comma-separated (node20, node22, node24, node26, bun, deno, chromium, firefox, webkit, or all); default this Node and chromium. The conformance pass runs in Node and Chromium', parseNames)
  .option('--no-browser', 'leave out the browsers (the backends that run in a page)')
  .showHelpAfterError();

async function main(): Promise<number> {
  program.parse();
  const o = program.opts<{ quick?: boolean; out: string; backends?: string[]; runtimes?: string[]; browser: boolean }>();
  const began = Date.now();
  const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0)}s`;
  const print = progressLine();
  const notes: string[] = [];
  const runtimes = (o.runtimes ?? (await defaultRuntimes())).filter((name) => o.browser || !isBrowserName(name));
  // The conformance pass runs its browser subjects in Chromium, when the bench measures there too.
  const useBrowser = runtimes.includes('chromium') && !browserSkipReason();
  if (runtimes.includes('chromium') && !useBrowser) {
    const line = `browser backends (onnxruntime-web wasm/WebGL/WebGPU, tfjs WebGL/WebGPU) skipped: ${browserSkipReason()}`;
    console.log(line);
    notes.push(line);
  }

  // Unknown names stop here, before the conformance pass: nothing runs.
  checkBackendNames(o.backends, await benchNames());
  let profiles = await loadProfiles();
  if (o.backends) profiles = profiles.filter((p) => o.backends!.includes(p.name));
  if (!useBrowser) profiles = profiles.filter((p) => p.environment !== 'browser');
  const seed = Math.floor(Math.random() * 0x7fffffff);

  console.log(`[${elapsed()}] conformance: quick sweep of ${profiles.length} subjects (seed ${seed})`);
  const pass = await conformancePass(profiles, seed, print);
  notes.push(...pass.notes);
  const conformance = pass.results;
  const specialValues = pass.specialValues;

  console.log(`[${elapsed()}] benchmarks: ${o.quick ? 'quick' : 'default'} plan`);
  const bench = await runBenchSession(
    {
      // ReLU from 1 to 1e4 for the small-tensor chart and at 1e6, where memory speed shows; the
      // other ops at 1e6, where their goals are. Sized so that npm start stays near 3 minutes
      // here with Chromium (see README.md); `npm run bench` is the long form.
      sizes: o.quick ? [1, 1e4, 1e6] : [1, 100, 1e4, 1e6],
      otherOpSizes: [1e6],
      otherDTypeSizes: [],
      dtypes: ['float32'],
      ops: OP_NAMES,
      measure: o.quick ? { rounds: 5, timeMs: 5 } : { rounds: 5, timeMs: 8 },
      runtimes,
      gpuKernelSizes: [1e4, 1e6],
      ...(o.backends ? { only: o.backends } : {}),
    },
    (p) => print(p.done === p.total ? `  [${elapsed()}] bench ${p.environment}: ${p.total} figures done` : `  bench ${p.environment} ${p.done}/${p.total} ${[p.backend, p.op, `n=${p.size}`].filter(Boolean).join(' ')}`, p.done === p.total),
  );
  notes.push(...bench.notes);

  const browser = bench.environments.find((e) => e.name === 'chromium');
  const data: ReportData = {
    machine: { ...(await machineInfo()), ...(browser ? { browser: browser.label, gpu: browser.gpu.webgpu.on } : {}) },
    conformance: { kind: 'quick', seed, results: conformance },
    specialValues,
    bench: { results: bench.results, firstCalls: bench.firstCalls, gpuKernels: bench.gpuKernels, environments: bench.environments, goals: evaluateGoals(bench.results, bench) },
    notes,
  };

  console.log(`[${elapsed()}] rendering the report`);
  const charts = {
    conformance: await renderSvg(conformanceMatrixChart(data.conformance.results)),
    specialValues: await renderSvg(specialValuesChart(data.specialValues)),
    throughput: await renderSvg(throughputChart(data.bench.results)),
    ratio: await renderSvg(ratioChart(data.bench.results)),
    runtimes: await renderSvg(runtimesChart(data.bench.results)),
    smallTensors: await renderSvg(smallTensorsChart(data.bench.results)),
    relu: await renderSvg(reluPlotChart()),
  };
  const out = resolve(o.out);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(data, null, 2)}\n`);
  await writeFile(join(out, 'results.md'), renderMarkdown(data));
  await writeFile(join(out, 'index.html'), renderHtml(data, charts));

  console.log('');
  console.log(renderMatrix(data.conformance.results.filter((r) => r.dtype === 'float32' && r.op === 'relu')));
  console.log(renderBenchTables(data.bench));
  console.log('\nfastest conforming backend per target and size:');
  for (const f of fastestConforming(data)) console.log(`  ${f.environment.padEnd(7)} n=${formatSize(f.size).padEnd(6)} ${f.backend} (${f.ratioToCopy.toFixed(2)}x copy)`);
  notes.forEach((n) => console.log(`note: ${n}`));
  const failed = data.conformance.results.filter((r) => r.verdict === 'FAIL');
  console.log(`\n[${elapsed()}] report written to ${join(out, 'index.html')} (also results.json, results.md)`);
  if (failed.length > 0) console.log(`${failed.length} subject/dtype rows FAIL conformance: ${failed.map((r) => `${r.name} ${r.dtype}`).join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // 2 either way: an unknown --backends name (nothing ran) or a crash of the report itself.
    console.error(`relu-report: ${error instanceof UnknownBackendError ? error.message : (error.stack ?? error.message)}`);
    process.exit(2);
  },
);
