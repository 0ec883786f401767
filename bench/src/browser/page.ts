import { expose, markReady, reportProgress } from '@relu/browser-harness/page';
import type { SubjectProfile } from '@relu/conformance';
import { createBrowserBackend } from '@relu/conformance/browser-subjects';
import { type BenchCase, backendCase } from '../bench-case.js';
import { caseSelector } from '../case-selector.js';
import { CASE_DEFINITIONS, createCases } from '../cases/index.js';
import { subjectFloors } from '../floors.js';
import { type BenchFailure, type BenchPlan, runBenchmarks } from '../run-benchmarks.js';

/**
 * The benchmark page: browser subjects, the direct cases and the baselines are timed here,
 * against a copy timed in the same page, so that only the figures cross to Node.
 */
expose({
  bench: async (profiles: SubjectProfile[], plan: BenchPlan, only: string[] | null) => {
    const cases: BenchCase[] = [];
    const failures: BenchFailure[] = [];
    for (const profile of profiles) {
      try {
        cases.push(backendCase(profile, await createBrowserBackend(profile)));
      } catch (error) {
        failures.push({ backend: profile.name, error: (error as Error).message });
      }
    }
    const created = await createCases(CASE_DEFINITIONS, 'browser', caseSelector(only ?? undefined, new Set(profiles.flatMap(subjectFloors))));
    cases.push(...created.cases);
    const outcome = await runBenchmarks(cases, plan, (progress) => reportProgress(progress));
    await Promise.all(cases.map((c) => c.dispose()));
    return { ...outcome, failures: [...failures, ...outcome.failures], notes: created.notes, userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated };
  },
});

markReady();
