import { browserSkipReason } from '@relu/browser-harness';
import { type SubjectProfile, createNodeSubject, loadProfiles } from '@relu/conformance';
import type { DType } from '@relu/core';
import { type BenchCase, backendCase } from './bench-case.js';
import { benchInBrowser, openBenchPage } from './browser/bench-in-browser.js';
import { inMemoryCases } from './cases/index.js';
import type { MeasureOptions } from './measure.js';
import { type BenchProgress, type BenchResult, type FirstCallCost, runBenchmarks } from './run-benchmarks.js';

export interface BenchSettings {
  readonly sizes: readonly number[];
  readonly otherDTypeSizes: readonly number[];
  readonly dtypes: readonly DType[];
  readonly measure: MeasureOptions;
  /** Only these cases (subject names or in-memory case names); all when undefined. */
  readonly only?: readonly string[];
  /** Largest size for cases on a software GPU, where one call at 1.6e7 takes seconds. */
  readonly softwareGpuMaxSize: number;
  readonly browser: boolean;
}

export interface BenchOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly notes: string[];
  readonly browser?: string;
}

const SOFTWARE_GPU = /webgl|webgpu/;

/**
 * Runs the whole benchmark: every subject of profiles.json (so a new backend is benchmarked as
 * soon as it has an adapter and a profile) plus the in-memory cases, in Node and in Chromium.
 */
export async function runBenchSession(settings: BenchSettings, onProgress: (progress: BenchProgress & { environment: string }) => void): Promise<BenchOutcome> {
  const profiles = await loadProfiles();
  const wanted = (name: string) => settings.only === undefined || settings.only.includes(name);
  const notes: string[] = [];
  const plan = { sizes: settings.sizes, otherDTypeSizes: settings.otherDTypeSizes, dtypes: settings.dtypes, measure: settings.measure };

  const nodeCases: BenchCase[] = [];
  for (const profile of profiles.filter((p) => p.environment === 'node' && wanted(p.name))) {
    try {
      const subject = await createNodeSubject(profile);
      nodeCases.push(backendCase(profile, subject.backend));
    } catch (error) {
      notes.push(`${profile.name} not benchmarked: ${(error as Error).message}`);
    }
  }
  nodeCases.push(...(await inMemoryCases('node')).filter((c) => wanted(c.name)));
  const node = await runBenchmarks(nodeCases, plan, (p) => onProgress({ ...p, environment: 'node' }));
  await Promise.all(nodeCases.map((c) => c.dispose()));
  node.failures.forEach((f) => notes.push(`${f.backend} (node): ${f.error}`));

  const browserProfiles: SubjectProfile[] = profiles.filter((p) => p.environment === 'browser' && wanted(p.name));
  if (!settings.browser) return { results: node.results, firstCalls: node.firstCalls, notes };
  const skip = browserSkipReason();
  if (skip) {
    notes.push(`browser backends not benchmarked: ${skip}`);
    return { results: node.results, firstCalls: node.firstCalls, notes };
  }
  const page = await openBenchPage((p) => onProgress({ ...p, environment: 'browser' }));
  try {
    const maxSizeByCase = Object.fromEntries(browserProfiles.filter((p) => SOFTWARE_GPU.test(p.name)).map((p) => [p.name, settings.softwareGpuMaxSize]));
    const inPage = await benchInBrowser(page, browserProfiles, { ...plan, maxSizeByCase }, settings.only ?? null);
    inPage.failures.forEach((f) => notes.push(`${f.backend} (browser): ${f.error}`));
    if (!inPage.crossOriginIsolated) notes.push('the benchmark page was not cross-origin isolated: wasm threads fell back to one thread');
    return { results: [...node.results, ...inPage.results], firstCalls: [...node.firstCalls, ...inPage.firstCalls], notes, browser: `Chromium ${page.browserVersion}` };
  } finally {
    await page.close();
  }
}
