import { expose, exposeBackends, markReady, reportProgress } from '@relu/browser-harness/page';
import type { SubjectProfile } from '../profiles.js';
import { type SweepOptions, type SweepSubject, sweepSubjects } from '../sweep.js';
import { createBrowserBackend } from './browser-subjects.js';

/**
 * The conformance page: browser subjects are created here from their adapters and swept in the
 * page, so only summaries cross to Node.
 */

exposeBackends({ subject: (profile) => createBrowserBackend(profile as SubjectProfile) });

expose({
  sweep: async (profiles: SubjectProfile[], options: Omit<SweepOptions, 'onProgress'>) => {
    const subjects: SweepSubject[] = [];
    const failures: { name: string; error: string }[] = [];
    for (const profile of profiles) {
      try {
        subjects.push({ profile, backend: await createBrowserBackend(profile) });
      } catch (error) {
        failures.push({ name: profile.name, error: (error as Error).message });
      }
    }
    let last = 0;
    const results = await sweepSubjects(subjects, {
      ...options,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - last > 1000 || progress.done === progress.total) {
          last = now;
          reportProgress(progress);
        }
      },
    });
    await Promise.all(subjects.map((s) => s.backend.dispose()));
    return { results, failures };
  },
});

markReady();
