import { browserSkipReason } from '@relu/browser-harness';
import { DeadlineError, settleWithin } from './contract-guard.js';
import { type SubjectHost, localHost, openGuestHost } from './hosts.js';
import type { SubjectProfile } from './profiles.js';
import type { Subject } from './subject.js';
import type { SweepOptions, SweepOutcome, SweepProgress } from './sweep.js';
import type { SubjectFailure } from './verdict.js';

/**
 * Every subject at its home, as a ReluBackend: Node subjects in this process, browser subjects
 * in one headless Chromium page, driven through remote backends (what the bench's report pass
 * uses; the suite itself runs every environment through runSuite). Sweeps run where the
 * subject lives. A subject that cannot start is a failure of its own (skipped only for a
 * missing browser outside CI), never a made-up row.
 */
export interface SubjectEnvironment {
  readonly subjects: readonly Subject[];
  /** Subjects that could not be created, with why. */
  readonly failures: readonly SubjectFailure[];
  /** A fresh instance of a subject, for tests that dispose it. */
  recreate(profile: SubjectProfile): Promise<Subject>;
  sweep(options: Omit<SweepOptions, 'onProgress' | 'place'>, onProgress?: (progress: SweepProgress) => void): Promise<SweepOutcome>;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  /** Deadline of creating a subject and of each call, in milliseconds. */
  readonly deadlineMs: number;
}

export async function openSubjectEnvironment(profiles: readonly SubjectProfile[], extra: readonly Subject[], options: EnvironmentOptions): Promise<SubjectEnvironment> {
  const { deadlineMs } = options;
  const subjects: Subject[] = [...extra];
  const failures: SubjectFailure[] = [];
  const failure = (profile: SubjectProfile, reason: string, skipped = false): SubjectFailure => ({ name: profile.name, environment: profile.environment, reason, skipped });
  const hosts = new Map<SubjectProfile['environment'], SubjectHost>([['node', localHost()]]);
  const homeProfiles = (home: SubjectProfile['environment']) => profiles.filter((p) => p.environment === home);
  if (homeProfiles('browser').length > 0) {
    try {
      const skipReason = browserSkipReason();
      if (skipReason) homeProfiles('browser').forEach((p) => failures.push(failure(p, skipReason, true)));
      else hosts.set('browser', await openGuestHost({ name: 'chromium', tier: 'optimized', deadlineMs }));
    } catch (error) {
      homeProfiles('browser').forEach((p) => failures.push(failure(p, (error as Error).message)));
    }
  }
  for (const profile of profiles) {
    const host = hosts.get(profile.environment);
    if (!host) continue;
    try {
      subjects.push(await settleWithin(host.create(profile), deadlineMs, () => new DeadlineError(`${profile.name}: creating the subject did not settle within ${deadlineMs / 1000} s`)));
    } catch (error) {
      failures.push(failure(profile, (error as Error).message));
    }
  }
  const started = (home: SubjectProfile['environment']) => subjects.filter((s) => s.profile.environment === home && !extra.includes(s)).map((s) => s.profile);
  return {
    subjects,
    failures,
    recreate: (profile) => hosts.get(profile.environment)!.create(profile),
    async sweep(sweepOptions, onProgress) {
      const swept = await Promise.all(
        [...hosts].map(([home, host]) => host.sweep(started(home), sweepOptions, onProgress, home === 'node' ? extra : [])),
      );
      return { rows: swept.flatMap((o) => o.rows), failures: swept.flatMap((o) => o.failures) };
    },
    async close() {
      await Promise.all(
        subjects.map((s) => settleWithin(Promise.resolve().then(() => s.backend.dispose()), deadlineMs, () => new DeadlineError('dispose() hung')).catch(() => {})),
      );
      await Promise.all([...hosts.values()].map((h) => h.close()));
    },
  };
}
