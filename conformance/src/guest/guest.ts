import { expose, exposeBackends, markReady, reportProgress } from '@relu/browser-harness/guest';
import { createBrowserBackend } from '../browser/browser-subjects.js';
import { settleWithin } from '../contract-guard.js';
import type { SubjectProfile } from '../profiles.js';
import type { Place } from '../scope.js';
import type { Subject } from '../subject.js';
import { type SweepOptions, type SweepOutcome, sweepSubjects } from '../sweep.js';
import type { SubjectFailure } from '../verdict.js';

/**
 * The conformance guest: the same module runs in a browser page (Chromium, Firefox, WebKitGTK)
 * and in a child runtime (Node 20-26, Bun, Deno). Subjects are created here from their adapters
 * and swept here, so only summaries cross to the suite; the suite's per-call checks drive the
 * `subject` backends through the harness.
 */

exposeBackends({
  subject: (options) => {
    const { profile, place } = options as { profile: SubjectProfile; place: Place };
    return createBrowserBackend(profile, place);
  },
});

expose({
  sweep: async (profiles: SubjectProfile[], options: Omit<SweepOptions, 'onProgress'>): Promise<SweepOutcome> => {
    const subjects: Subject[] = [];
    const failures: SubjectFailure[] = [];
    for (const profile of profiles) {
      try {
        subjects.push({ profile, backend: await createBrowserBackend(profile, options.place), origin: `adapter src/subjects/${profile.adapter}.ts in ${options.place.environment}` });
      } catch (error) {
        failures.push({ name: profile.name, environment: profile.environment, reason: `could not be created in ${options.place.environment} (${options.place.tier}): ${(error as Error).message}`, skipped: false });
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
    // A subject that hung must not keep the guest from answering.
    await Promise.all(subjects.map((s) => settleWithin(Promise.resolve().then(() => s.backend.dispose()), options.deadlineMs, () => new Error('dispose() hung')).catch(() => {})));
    return { rows: outcome.rows, failures: [...failures, ...outcome.failures] };
  },
});

void markReady();
