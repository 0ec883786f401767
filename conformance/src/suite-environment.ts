import { type BrowserPage, browserSkipReason } from '@relu/browser-harness';
import { OP_NAMES } from '@relu/core';
import { createBrowserSubject, openConformancePage, sweepInBrowser } from './browser/browser-runner.js';
import { DeadlineError, settleWithin } from './contract-guard.js';
import type { SubjectProfile } from './profiles.js';
import { createNodeSubject } from './registry.js';
import type { Subject } from './subject.js';
import { type SweepOptions, type SweepOutcome, type SweepProgress, sweepSubjects } from './sweep.js';
import type { SubjectFailure } from './verdict.js';

/**
 * Every subject of the suite as a ReluBackend, whatever its environment: Node subjects are
 * created directly, browser subjects live in one headless Chromium page and are driven through
 * remote backends. Sweeps run where the subject lives. A subject that cannot start is a failure
 * of its own (skipped only for a missing browser outside CI), never a made-up row.
 */
export interface SubjectEnvironment {
  readonly subjects: readonly Subject[];
  /** Subjects that could not be created, with why. */
  readonly failures: readonly SubjectFailure[];
  /** A fresh instance of a subject, for tests that dispose it. */
  recreate(profile: SubjectProfile): Promise<Subject>;
  sweep(options: Omit<SweepOptions, 'onProgress'>, onProgress?: (progress: SweepProgress) => void): Promise<SweepOutcome>;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  /** Deadline of creating a subject and of each call, in milliseconds. */
  readonly deadlineMs: number;
}

/** Why the browser subjects cannot run: skipped without Chromium locally, a failure under CI (the harness decides) or when it does not start. */
async function openPage(onProgress: (progress: SweepProgress) => void): Promise<{ page?: BrowserPage; reason?: string; skipped?: boolean }> {
  try {
    const skipReason = browserSkipReason();
    if (skipReason) return { reason: skipReason, skipped: true };
    return { page: await openConformancePage(onProgress) };
  } catch (error) {
    return { reason: (error as Error).message, skipped: false };
  }
}

export async function openSubjectEnvironment(profiles: readonly SubjectProfile[], extra: readonly Subject[], options: EnvironmentOptions): Promise<SubjectEnvironment> {
  const { deadlineMs } = options;
  const subjects: Subject[] = [...extra];
  const failures: SubjectFailure[] = [];
  const failure = (profile: SubjectProfile, reason: string, skipped = false): SubjectFailure => ({ name: profile.name, environment: profile.environment, reason, skipped });
  const created = (profile: SubjectProfile, creating: Promise<Subject>) =>
    settleWithin(creating, deadlineMs, () => new DeadlineError(`${profile.name}: creating the subject did not settle within ${deadlineMs / 1000} s`));
  for (const profile of profiles.filter((p) => p.environment === 'node')) {
    try {
      subjects.push(await created(profile, createNodeSubject(profile)));
    } catch (error) {
      failures.push(failure(profile, (error as Error).message));
    }
  }
  const browserProfiles = profiles.filter((p) => p.environment === 'browser');
  let page: BrowserPage | undefined;
  let progressListener: ((progress: SweepProgress) => void) | undefined;
  if (browserProfiles.length > 0) {
    const opened = await openPage((progress) => progressListener?.(progress));
    page = opened.page;
    if (!page) {
      browserProfiles.forEach((profile) => failures.push(failure(profile, opened.reason!, opened.skipped)));
    } else {
      for (const profile of browserProfiles) {
        try {
          subjects.push(await created(profile, createBrowserSubject(page, profile)));
        } catch (error) {
          failures.push(failure(profile, (error as Error).message));
        }
      }
    }
  }
  const available = (environment: SubjectProfile['environment']) => subjects.filter((s) => s.profile.environment === environment);

  /**
   * The page sweeps under the same per-call deadline; this watchdog catches what the page cannot
   * (a subject that blocks the page's event loop): no progress for as long as every call of a
   * chunk could take fails every browser subject of the sweep.
   */
  async function sweepBrowser(sweepOptions: Omit<SweepOptions, 'onProgress'>, onProgress?: (progress: SweepProgress) => void): Promise<SweepOutcome> {
    const browser = available('browser');
    if (browser.length === 0 || !page) return { rows: [], failures: [] };
    const stallMs = deadlineMs * (browser.length * OP_NAMES.length + 2);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled: (error: Error) => void = () => {};
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stalled(new DeadlineError(`the browser sweep made no progress for ${stallMs / 1000} s: a subject blocked the page`)), stallMs);
    };
    progressListener = (progress) => {
      arm();
      onProgress?.(progress);
    };
    try {
      arm();
      return await Promise.race([sweepInBrowser(page, browser.map((s) => s.profile), sweepOptions), new Promise<never>((_, reject) => (stalled = reject))]);
    } catch (error) {
      return { rows: [], failures: browser.map((s) => failure(s.profile, `the page sweep failed: ${(error as Error).message}`)) };
    } finally {
      clearTimeout(timer);
      progressListener = undefined;
    }
  }

  return {
    subjects,
    failures,
    async recreate(profile) {
      return profile.environment === 'node' ? createNodeSubject(profile) : createBrowserSubject(page!, profile);
    },
    async sweep(sweepOptions, onProgress) {
      const [node, browser] = await Promise.all([sweepSubjects(available('node'), { ...sweepOptions, ...(onProgress ? { onProgress } : {}) }), sweepBrowser(sweepOptions, onProgress)]);
      return { rows: [...node.rows, ...browser.rows], failures: [...node.failures, ...browser.failures] };
    },
    async close() {
      await Promise.all(
        subjects.map((s) => settleWithin(Promise.resolve().then(() => s.backend.dispose()), deadlineMs, () => new DeadlineError('dispose() hung')).catch(() => {})),
      );
      await page?.close();
    },
  };
}
