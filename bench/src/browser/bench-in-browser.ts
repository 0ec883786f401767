import { fileURLToPath } from 'node:url';
import type { BrowserPage } from '@relu/browser-harness';
import { type SubjectProfile, openSubjectPage } from '@relu/conformance';
import type { BenchPlan, BenchProgress, BenchResult, FirstCallCost } from '../run-benchmarks.js';

export interface BrowserBenchOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly failures: { backend: string; error: string }[];
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
}

/** Opens the benchmark page (dist/browser/page.js, bundled) in headless Chromium. */
export async function openBenchPage(onProgress?: (progress: BenchProgress) => void): Promise<BrowserPage> {
  return openSubjectPage(fileURLToPath(new URL('../../dist/browser/page.js', import.meta.url)), onProgress);
}

/** Times the browser subjects and in-memory cases inside the page. */
export async function benchInBrowser(
  page: BrowserPage,
  profiles: readonly SubjectProfile[],
  plan: Omit<BenchPlan, 'maxSize'> & { maxSizeByCase: Record<string, number> },
  caseFilter: readonly string[] | null,
): Promise<BrowserBenchOutcome> {
  return page.call('bench', profiles, plan, caseFilter);
}
