import { expose, markReady, reportProgress } from '@relu/browser-harness/page';
import type { SubjectProfile } from '@relu/conformance/engine';
import { createBrowserBackend } from '@relu/conformance/browser-subjects';
import { type BenchCase, backendCase } from '../bench-case.js';
import { inMemoryCases } from '../cases/index.js';
import { type BenchPlan, runBenchmarks } from '../run-benchmarks.js';

/**
 * The benchmark page: browser subjects and the in-memory cases are timed here, against a copy
 * timed in the same page, so that only the figures cross to Node.
 */
expose({
  bench: async (profiles: SubjectProfile[], plan: Omit<BenchPlan, 'maxSize'> & { maxSizeByCase: Record<string, number> }, caseFilter: string[] | null) => {
    const cases: BenchCase[] = [];
    const failures: { backend: string; error: string }[] = [];
    for (const profile of profiles) {
      try {
        cases.push(backendCase(profile, await createBrowserBackend(profile)));
      } catch (error) {
        failures.push({ backend: profile.name, error: (error as Error).message });
      }
    }
    cases.push(...(await inMemoryCases('browser')).filter((c) => caseFilter === null || caseFilter.includes(c.name)));
    const outcome = await runBenchmarks(cases, { ...plan, maxSize: (c) => plan.maxSizeByCase[c.name] ?? Infinity }, (progress) => reportProgress(progress));
    await Promise.all(cases.map((c) => c.dispose()));
    return { ...outcome, failures: [...failures, ...outcome.failures], userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated };
  },
});

markReady();
