import { browserSkipReason } from '@relu/browser-harness';
import { type SubjectProfile, createNodeSubject, loadProfiles } from '@relu/conformance';
import type { DType, OpName } from '@relu/core';
import { type BenchCase, backendCase, profileMaxElements } from './bench-case.js';
import { type KnownNames, checkBackendNames, knownNames } from './bench-names.js';
import { benchInBrowser, openBenchPage } from './browser/bench-in-browser.js';
import { caseSelector } from './case-selector.js';
import { CASE_DEFINITIONS, createCases } from './cases/index.js';
import { NODE_CASE_DEFINITIONS } from './cases/node-cases.js';
import { subjectFloors } from './floors.js';
import type { MeasureOptions } from './measure.js';
import { type BenchProgress, type BenchResult, type FirstCallCost, runBenchmarks } from './run-benchmarks.js';

export interface BenchSettings {
  readonly sizes: readonly number[];
  readonly otherDTypeSizes: readonly number[];
  readonly dtypes: readonly DType[];
  readonly ops: readonly OpName[];
  readonly measure: MeasureOptions;
  /** Only these subjects and cases (the baselines always run); all when undefined. */
  readonly only?: readonly string[];
  readonly browser: boolean;
}

export interface BenchOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly notes: string[];
  readonly browser?: string;
}

/** Every case definition Node knows: those of the benchmark page too, and the Node-only ones. */
const NODE_DEFINITIONS = [...CASE_DEFINITIONS, ...NODE_CASE_DEFINITIONS];

/** Every name --backends accepts (subjects of profiles.json, cases, baselines). */
export async function benchNames(): Promise<KnownNames> {
  return knownNames(await loadProfiles(), NODE_DEFINITIONS);
}

/**
 * Runs the whole benchmark: every subject of profiles.json (so a new backend is benchmarked as
 * soon as it has an adapter and a profile), the direct cases and the baselines, in Node and in
 * Chromium. Unknown names in settings.only throw UnknownBackendError before anything runs.
 */
export async function runBenchSession(settings: BenchSettings, onProgress: (progress: BenchProgress & { environment: string }) => void): Promise<BenchOutcome> {
  const profiles = await loadProfiles();
  checkBackendNames(settings.only, knownNames(profiles, NODE_DEFINITIONS));
  const wanted = (name: string) => settings.only === undefined || settings.only.includes(name);
  const notes: string[] = [];
  const plan = { sizes: settings.sizes, otherDTypeSizes: settings.otherDTypeSizes, dtypes: settings.dtypes, ops: settings.ops, measure: settings.measure };

  const nodeProfiles = profiles.filter((p) => p.environment === 'node' && wanted(p.name));
  const nodeCases: BenchCase[] = [];
  for (const profile of nodeProfiles) {
    try {
      const subject = await createNodeSubject(profile);
      nodeCases.push(backendCase(profile, subject.backend));
    } catch (error) {
      notes.push(`${profile.name} not benchmarked: ${(error as Error).message}`);
    }
  }
  const floorsNeeded = new Set(nodeProfiles.flatMap(subjectFloors));
  const created = await createCases(NODE_DEFINITIONS, 'node', caseSelector(settings.only, floorsNeeded));
  nodeCases.push(...created.cases);
  notes.push(...created.notes);
  const node = await runBenchmarks(nodeCases, plan, (p) => onProgress({ ...p, environment: 'node' }));
  await Promise.all(nodeCases.map((c) => c.dispose()));
  node.failures.forEach((f) => notes.push(`${f.backend} (node): ${f.error}`));

  const browserProfiles: SubjectProfile[] = profiles.filter((p) => p.environment === 'browser' && wanted(p.name));
  const capped = [...nodeProfiles, ...browserProfiles].flatMap((p) => {
    const max = profileMaxElements(p);
    return max ? [`${p.name} timed up to ${max.elements.toLocaleString('en-US')} elements: ${max.reason}`] : [];
  });
  notes.push(...capped);
  if (!settings.browser) return { results: node.results, firstCalls: node.firstCalls, notes };
  const skip = browserSkipReason();
  if (skip) {
    notes.push(`browser backends not benchmarked: ${skip}`);
    return { results: node.results, firstCalls: node.firstCalls, notes };
  }
  const page = await openBenchPage((p) => onProgress({ ...p, environment: 'browser' }));
  try {
    const inPage = await benchInBrowser(page, browserProfiles, plan, settings.only ?? null);
    notes.push(...inPage.notes);
    inPage.failures.forEach((f) => notes.push(`${f.backend} (browser): ${f.error}`));
    if (!inPage.crossOriginIsolated) notes.push('the benchmark page was not cross-origin isolated: wasm threads fell back to one thread');
    return { results: [...node.results, ...inPage.results], firstCalls: [...node.firstCalls, ...inPage.firstCalls], notes, browser: `Chromium ${page.browserVersion}` };
  } finally {
    await page.close();
  }
}
