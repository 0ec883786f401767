import { expose, exposeBackends, markReady, reportProgress } from '@relu/browser-harness/page';
import type { SubjectProfile } from '../profiles.js';
import { settleWithin } from '../contract-guard.js';
import type { Subject } from '../subject.js';
import { type SweepOptions, type SweepOutcome, sweepSubjects } from '../sweep.js';
import type { SubjectFailure } from '../verdict.js';
import { createBrowserBackend } from './browser-subjects.js';

/**
 * The conformance page: browser subjects are created here from their adapters and swept in the
 * page, so only summaries cross to Node.
 */

exposeBackends({ subject: (profile) => createBrowserBackend(profile as SubjectProfile) });

expose({
  sweep: async (profiles: SubjectProfile[], options: Omit<SweepOptions, 'onProgress'>): Promise<SweepOutcome> => {
    const subjects: Subject[] = [];
    const failures: SubjectFailure[] = [];
    for (const profile of profiles) {
      try {
        subjects.push({ profile, backend: await createBrowserBackend(profile), origin: `adapter src/subjects/${profile.adapter}.ts in the page` });
      } catch (error) {
        failures.push({ name: profile.name, environment: 'browser', reason: `could not be created in the page: ${(error as Error).message}`, skipped: false });
      }
    }
    let last = 0;
    const outcome = await sweepSubjects(subjects, {
      ...options,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - last > 1000 || progress.done === progress.total) {
          last = now;
          reportProgress(progress);
        }
      },
    });
    // A subject that hung must not keep the page from answering.
    await Promise.all(subjects.map((s) => settleWithin(Promise.resolve().then(() => s.backend.dispose()), options.deadlineMs, () => new Error('dispose() hung')).catch(() => {})));
    return { rows: outcome.rows, failures: [...failures, ...outcome.failures] };
  },
});

markReady();
