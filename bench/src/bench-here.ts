import type { SubjectProfile } from '@relu/conformance';
import type { ReluBackend } from '@relu/core';
import { type BenchCase, backendCase } from './bench-case.js';
import { caseSelector } from './case-selector.js';
import { type CaseDefinition, createCases } from './cases/index.js';
import type { BenchEnvironment } from './environment.js';
import { subjectFloors } from './floors.js';
import { type BenchFailure, type BenchPlan, type BenchProgress, type BenchResult, type FirstCallCost, runBenchmarks } from './run-benchmarks.js';

/** What the host asks an environment to time: its subjects, the plan, and the names selected. */
export interface BenchRequest {
  readonly environment: BenchEnvironment;
  /** The subjects of profiles.json that run in this kind of environment, already selected. */
  readonly profiles: readonly SubjectProfile[];
  readonly plan: BenchPlan;
  /** --backends, or null for every case. */
  readonly only: readonly string[] | null;
}

export interface EnvironmentOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly failures: BenchFailure[];
  /** Cases that do not run here, and why. */
  readonly notes: string[];
}

/** How this environment makes its subjects and which bench-only cases it has. */
export interface EnvironmentCapabilities {
  readonly definitions: readonly CaseDefinition[];
  readonly createBackend: (profile: SubjectProfile) => Promise<ReluBackend>;
}

/**
 * Times, where it runs (this process, a child runtime or a page), every subject of the request,
 * the direct cases and the baselines, all against copies timed here: only figures leave the
 * environment. The same code for every environment; what differs is data (`capabilities`).
 */
export async function benchHere(request: BenchRequest, capabilities: EnvironmentCapabilities, onProgress?: (progress: BenchProgress) => void): Promise<EnvironmentOutcome> {
  const { environment, profiles, plan, only } = request;
  const cases: BenchCase[] = [];
  const failures: BenchFailure[] = [];
  for (const profile of profiles) {
    try {
      cases.push(backendCase(profile, await capabilities.createBackend(profile)));
    } catch (error) {
      failures.push({ backend: profile.name, error: `not created: ${(error as Error).message}` });
    }
  }
  const created = await createCases(capabilities.definitions, caseSelector(only ?? undefined, new Set(profiles.flatMap(subjectFloors))));
  cases.push(...created.cases);
  try {
    const outcome = await runBenchmarks(cases, plan, environment, onProgress);
    return { ...outcome, failures: [...failures, ...outcome.failures], notes: created.notes };
  } finally {
    // A backend that cannot dispose (a lost device) must not keep the others' resources alive.
    await Promise.all(cases.map((c) => c.dispose().catch(() => {})));
  }
}
