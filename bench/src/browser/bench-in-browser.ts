import { fileURLToPath } from 'node:url';
import type { BrowserPage } from '@relu/browser-harness';
import { type SubjectProfile, openSubjectPage } from '@relu/conformance';
import type { BenchFailure, BenchPlan, BenchProgress, BenchResult, FirstCallCost } from '../run-benchmarks.js';

export interface BrowserBenchOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly failures: BenchFailure[];
  readonly notes: string[];
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
}

/** Opens the benchmark page (dist/browser/page.js, bundled) in headless Chromium. */
export async function openBenchPage(onProgress?: (progress: BenchProgress) => void): Promise<BrowserPage> {
  return openSubjectPage(fileURLToPath(new URL('../../dist/browser/page.js', import.meta.url)), onProgress);
}

/** Times the browser subjects, direct cases and baselines inside the page. */
export async function benchInBrowser(page: BrowserPage, profiles: readonly SubjectProfile[], plan: BenchPlan, only: readonly string[] | null): Promise<BrowserBenchOutcome> {
  return page.call('bench', profiles, plan, only);
}
