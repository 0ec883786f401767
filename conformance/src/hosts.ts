import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RemoteEnvironment, remoteBackend } from '@relu/browser-harness';
import { onnxWebAssets } from '@relu/onnx';
import { openEnvironment } from '@relu/runtime-harness';
import { checkBackendShape } from './backend-check.js';
import { DeadlineError } from './contract-guard.js';
import { localPlace, placeOf } from './places.js';
import type { SubjectProfile } from './profiles.js';
import { createNodeSubject } from './registry.js';
import type { Place, Tier } from './scope.js';
import type { Subject } from './subject.js';
import { type SweepOptions, type SweepOutcome, type SweepProgress, sweepSubjects } from './sweep.js';

/**
 * Where subjects live: the suite's own process, or a guest (a child runtime or a browser page)
 * that runs the conformance guest entry. Both create subjects from the same adapters and sweep
 * where the subject lives; only summaries cross the wire. The suite's code is the same for
 * every host: what differs is data (the place).
 */
export interface SubjectHost {
  readonly place: Place;
  /** For reports: 'Node 22.23.5', 'Firefox 153.8.0 (cold)'. */
  readonly label: string;
  readonly kind: 'runtime' | 'browser';
  /** A subject for the per-call checks (a remote backend in a guest). */
  create(profile: SubjectProfile): Promise<Subject>;
  /** Sweeps the profiles' subjects (a guest makes its own) in lockstep, or `extra` subjects of this process. */
  sweep(profiles: readonly SubjectProfile[], options: Omit<SweepOptions, 'onProgress' | 'place'>, onProgress?: (progress: SweepProgress) => void, extra?: readonly Subject[]): Promise<SweepOutcome>;
  /** Messages the guest logged as errors (console.error, uncaught errors), for a failure's message. */
  errors(): readonly string[];
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Files the page's runtimes load beside its script: tfjs-wasm's and onnxruntime-web's .wasm. */
export function pageAssets(): string[] {
  const assets: string[] = [...onnxWebAssets()];
  const tfjsWasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of readdirSync(join(tfjsWasmDir, 'dist'))) if (file.endsWith('.wasm')) assets.push(join(tfjsWasmDir, 'dist', file));
  return assets;
}

/** The compiled conformance guest (also when this module runs from src/ under vitest): its adapters are found by a glob import over dist/subjects/. */
export const GUEST_ENTRY = fileURLToPath(new URL('../dist/guest/guest.js', import.meta.url));

/** The suite's own process: Node subjects are created and swept here, user backends too. */
export function localHost(): SubjectHost {
  const place = localPlace();
  return {
    place,
    label: `Node ${process.versions.node}`,
    kind: 'runtime',
    create: (profile) => createNodeSubject(profile, place),
    async sweep(profiles, options, onProgress, extra = []) {
      const subjects: Subject[] = [...extra];
      const failures: SweepOutcome['failures'] = [];
      for (const profile of profiles) {
        try {
          subjects.push(await createNodeSubject(profile, place));
        } catch (error) {
          failures.push({ name: profile.name, environment: profile.environment, reason: `could not be created: ${(error as Error).message}`, skipped: false });
        }
      }
      const outcome = await sweepSubjects(subjects, { ...options, place, ...(onProgress ? { onProgress } : {}) });
      await Promise.all(subjects.slice(extra.length).map((s) => Promise.resolve().then(() => s.backend.dispose()).catch(() => {})));
      return { rows: outcome.rows, failures: [...failures, ...outcome.failures] };
    },
    errors: () => [],
    close: async () => {},
  };
}

export interface GuestHostOptions {
  readonly name: string;
  readonly tier: Tier;
  /** Deadline of each call, in milliseconds: a guest that stops reporting progress for longer than a chunk's calls could take fails its sweep. */
  readonly deadlineMs: number;
}

/**
 * A child runtime or a page running the conformance guest. The watchdog catches what the guest's
 * own deadlines cannot (a subject that blocks the guest's event loop): no progress for as long as
 * every call of a chunk could take fails every subject of the sweep.
 */
export async function openGuestHost(options: GuestHostOptions): Promise<SubjectHost> {
  let progressListener: ((progress: SweepProgress) => void) | undefined;
  const environment: RemoteEnvironment = await openEnvironment({
    name: options.name,
    entry: GUEST_ENTRY,
    tier: options.tier,
    assets: pageAssets(),
    onProgress: (message) => progressListener?.(message as SweepProgress),
  });
  const place = placeOf(environment);
  const origin = (profile: SubjectProfile) => `adapter src/subjects/${profile.adapter}.ts in ${environment.label} (${environment.tier})`;
  return {
    place,
    label: `${environment.label}${environment.tier === 'cold' ? ' (cold)' : ''}`,
    kind: environment.kind,
    async create(profile) {
      return { profile, backend: checkBackendShape(await remoteBackend(environment, 'subject', { profile, place }), origin(profile)), origin: origin(profile) };
    },
    async sweep(profiles, sweepOptions, onProgress) {
      if (profiles.length === 0) return { rows: [], failures: [] };
      const stallMs = options.deadlineMs * (profiles.length * 3 + 2);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stalled: (error: Error) => void = () => {};
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => stalled(new DeadlineError(`the sweep in ${environment.label} made no progress for ${stallMs / 1000} s: a subject blocked the guest`)), stallMs);
      };
      progressListener = (progress) => {
        arm();
        onProgress?.(progress);
      };
      try {
        arm();
        return await Promise.race([environment.call<SweepOutcome>('sweep', profiles, { ...sweepOptions, place }), new Promise<never>((_, reject) => (stalled = reject))]);
      } catch (error) {
        const logged = environment.errors().slice(-3).join(' | ');
        return { rows: [], failures: profiles.map((p) => ({ name: p.name, environment: p.environment, reason: `the sweep in ${environment.label} failed: ${(error as Error).message}${logged ? ` (the guest logged: ${logged})` : ''}`, skipped: false })) };
      } finally {
        clearTimeout(timer);
        progressListener = undefined;
      }
    },
    errors: () => environment.errors(),
    close: () => environment.close(),
  };
}
