import { type BrowserPage, browserSkipReason } from '@relu/browser-harness';
import { createBrowserSubject, openConformancePage, sweepInBrowser } from './browser/browser-runner.js';
import type { SubjectProfile } from './profiles.js';
import { createNodeSubject } from './registry.js';
import { type SweepOptions, type SweepProgress, type SweepSubject, sweepSubjects } from './sweep.js';
import { type SubjectResult, summarize } from './verdict.js';
import { Tally } from './tally.js';

/**
 * Every subject of the suite as a ReluBackend, whatever its environment: Node subjects are
 * created directly, browser subjects live in one headless Chromium page and are driven through
 * remote backends. Sweeps run where the subject lives.
 */
export interface SubjectEnvironment {
  readonly subjects: readonly SweepSubject[];
  /** Subjects that could not be created, with why (a failure, except a browser skipped outside CI). */
  readonly unavailable: readonly { readonly profile: SubjectProfile; readonly reason: string; readonly skipped: boolean }[];
  /** A fresh instance of a subject, for tests that dispose it. */
  recreate(profile: SubjectProfile): Promise<SweepSubject>;
  sweep(options: Omit<SweepOptions, 'onProgress'>, onProgress?: (progress: SweepProgress) => void): Promise<SubjectResult[]>;
  close(): Promise<void>;
}

export async function openSubjectEnvironment(profiles: readonly SubjectProfile[], extra: readonly SweepSubject[] = []): Promise<SubjectEnvironment> {
  const subjects: SweepSubject[] = [...extra];
  const unavailable: { profile: SubjectProfile; reason: string; skipped: boolean }[] = [];
  for (const profile of profiles.filter((p) => p.environment === 'node')) {
    try {
      subjects.push(await createNodeSubject(profile));
    } catch (error) {
      unavailable.push({ profile, reason: (error as Error).message, skipped: false });
    }
  }
  const browserProfiles = profiles.filter((p) => p.environment === 'browser');
  let page: BrowserPage | undefined;
  let progressListener: ((progress: SweepProgress) => void) | undefined;
  if (browserProfiles.length > 0) {
    const skipReason = browserSkipReason();
    if (skipReason) {
      browserProfiles.forEach((profile) => unavailable.push({ profile, reason: skipReason, skipped: true }));
    } else {
      page = await openConformancePage((progress) => progressListener?.(progress));
      for (const profile of browserProfiles) {
        try {
          subjects.push(await createBrowserSubject(page, profile));
        } catch (error) {
          unavailable.push({ profile, reason: (error as Error).message, skipped: false });
        }
      }
    }
  }
  const available = (environment: SubjectProfile['environment']) => subjects.filter((s) => s.profile.environment === environment);
  return {
    subjects,
    unavailable,
    async recreate(profile) {
      return profile.environment === 'node' ? createNodeSubject(profile) : createBrowserSubject(page!, profile);
    },
    async sweep(options, onProgress) {
      progressListener = onProgress;
      const browser = available('browser');
      const [nodeResults, browserResults] = await Promise.all([
        sweepSubjects(available('node'), { ...options, ...(onProgress ? { onProgress } : {}) }),
        browser.length > 0 && page ? sweepInBrowser(page, browser.map((s) => s.profile), options) : { results: [], failures: [] },
      ]);
      const creationFailures = browserResults.failures.map(({ name, error }) => {
        const profile = browser.find((s) => s.profile.name === name)!.profile;
        return summarize(profile, new Tally('float32', []), { info: {}, sweep: 'none', seed: options.seed, seconds: 0, error: `could not be created in the page: ${error}` });
      });
      return [...nodeResults, ...browserResults.results, ...creationFailures];
    },
    async close() {
      await Promise.all(subjects.map((s) => s.backend.dispose().catch(() => {})));
      await page?.close();
    },
  };
}
