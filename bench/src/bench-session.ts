import { fileURLToPath } from 'node:url';
import { type RemoteEnvironment, type Tier, isCi } from '@relu/browser-harness';
import { type SubjectProfile, createNodeSubject, loadProfiles } from '@relu/conformance';
import type { DType, OpName } from '@relu/core';
import { openEnvironment } from '@relu/runtime-harness';
import { profileMaxElements } from './bench-case.js';
import { type BenchRequest, type EnvironmentCapabilities, type EnvironmentOutcome, benchHere } from './bench-here.js';
import { type KnownNames, checkBackendNames, knownNames } from './bench-names.js';
import { type BenchTarget, benchTargets } from './bench-targets.js';
import { pageAssets } from './browser/page-assets.js';
import { CASE_DEFINITIONS } from './cases/index.js';
import { GPU_CASE_DEFINITIONS } from './cases/gpu-round-trip.js';
import { NODE_CASE_DEFINITIONS } from './cases/node-cases.js';
import { type BenchEnvironment, PROFILE_ENVIRONMENT, processBenchEnvironment, remoteBenchEnvironment } from './environment.js';
import type { GpuKernelFigure, GpuKernelRequest } from './gpu/gpu-kernels.js';
import type { MeasureOptions } from './measure.js';
import type { BenchPlan, BenchProgress, BenchResult, FirstCallCost } from './run-benchmarks.js';

export interface BenchSettings {
  readonly sizes: readonly number[];
  readonly otherDTypeSizes: readonly number[];
  /** float32 sizes of the ops other than ReLU (default: sizes). */
  readonly otherOpSizes?: readonly number[];
  readonly dtypes: readonly DType[];
  readonly ops: readonly OpName[];
  readonly measure: MeasureOptions;
  /** Only these subjects and cases (the baselines always run); all when undefined. */
  readonly only?: readonly string[];
  /** Where to measure, by name ('node20', 'bun', 'chromium'...), or ['all'], measured in this order. */
  readonly runtimes: readonly string[];
  /** The JIT tier of every environment (default 'optimized'); 'cold' runs even this process's runtime as a child. */
  readonly tier?: Tier;
  /** Sizes of the GPU packages' kernel figures (each capped by its subject's profile). */
  readonly gpuKernelSizes: readonly number[];
}

export interface BenchOutcome {
  readonly results: BenchResult[];
  readonly firstCalls: FirstCallCost[];
  readonly gpuKernels: GpuKernelFigure[];
  /** Every environment measured, with its engine and GPU stack. */
  readonly environments: BenchEnvironment[];
  readonly notes: string[];
}

/** Every case definition of every environment, for the names --backends accepts. */
const ALL_DEFINITIONS = [...CASE_DEFINITIONS, ...NODE_CASE_DEFINITIONS, ...GPU_CASE_DEFINITIONS];

/** Every name --backends accepts (subjects of profiles.json, cases, baselines). */
export async function benchNames(): Promise<KnownNames> {
  return knownNames(await loadProfiles(), ALL_DEFINITIONS);
}

/** This process as a bench environment: the Node subjects created here, the Node cases. */
const IN_PROCESS: EnvironmentCapabilities = {
  definitions: [...CASE_DEFINITIONS, ...NODE_CASE_DEFINITIONS],
  createBackend: async (profile) => (await createNodeSubject(profile)).backend,
};

/** The guest entry each kind of environment runs (compiled, beside this file). */
const GUEST_ENTRY: Readonly<Record<BenchTarget['kind'], string>> = {
  runtime: fileURLToPath(new URL('./guest/runtime-guest.js', import.meta.url)),
  browser: fileURLToPath(new URL('./browser/page.js', import.meta.url)),
};

type Progress = (progress: BenchProgress & { environment: string }) => void;

interface Measured {
  readonly environment: BenchEnvironment;
  readonly outcome: EnvironmentOutcome;
  readonly gpuKernels: GpuKernelFigure[];
  readonly gpuNotes: string[];
  readonly notes: string[];
}

async function measureInGuest(target: BenchTarget, request: Omit<BenchRequest, 'environment'>, settings: BenchSettings, onProgress: Progress): Promise<Measured> {
  const remote: RemoteEnvironment = await openEnvironment({
    name: target.name,
    entry: GUEST_ENTRY[target.kind],
    tier: settings.tier ?? 'optimized',
    ...(target.kind === 'browser' ? { assets: pageAssets() } : {}),
    onProgress: (message) => onProgress({ ...(message as BenchProgress), environment: target.name }),
  });
  try {
    const environment = remoteBenchEnvironment(remote);
    const outcome = await remote.call<EnvironmentOutcome>('bench', { ...request, environment });
    const notes: string[] = [];
    if (target.kind === 'browser' && !remote.features.crossOriginIsolated) notes.push(`${target.name}: the benchmark page was not cross-origin isolated: wasm threads fell back to one thread`);
    if (target.kind !== 'browser') return { environment, outcome, gpuKernels: [], gpuNotes: [], notes };
    const gpuRequest: GpuKernelRequest = {
      environment,
      subjects: request.profiles.map((p) => ({ name: p.name, maxElements: profileMaxElements(p)?.elements ?? Infinity })),
      ops: request.plan.ops,
      sizes: settings.gpuKernelSizes,
      rounds: request.plan.measure.rounds,
    };
    const gpu = await remote.call<{ figures: GpuKernelFigure[]; notes: string[] }>('gpuKernels', gpuRequest);
    return { environment, outcome, gpuKernels: gpu.figures, gpuNotes: gpu.notes, notes };
  } finally {
    await remote.close();
  }
}

/**
 * Runs the whole benchmark in every environment asked, one after the other (never in parallel:
 * they would time each other): every subject of profiles.json that runs there (so a new backend
 * is benchmarked as soon as it has an adapter and a profile), the direct cases and the baselines,
 * and in browsers the GPU packages' kernels. Unknown names in settings.only or settings.runtimes
 * throw before anything runs.
 */
export async function runBenchSession(settings: BenchSettings, onProgress: Progress): Promise<BenchOutcome> {
  const profiles = await loadProfiles();
  checkBackendNames(settings.only, knownNames(profiles, ALL_DEFINITIONS));
  const { targets, skipped } = await benchTargets(settings.runtimes, { inProcessAllowed: (settings.tier ?? 'optimized') === 'optimized' });
  const wanted = (name: string) => settings.only === undefined || settings.only.includes(name);
  const plan: BenchPlan = {
    sizes: settings.sizes,
    otherDTypeSizes: settings.otherDTypeSizes,
    ...(settings.otherOpSizes ? { otherOpSizes: settings.otherOpSizes } : {}),
    dtypes: settings.dtypes,
    ops: settings.ops,
    measure: settings.measure,
  };
  const outcome: BenchOutcome = { results: [], firstCalls: [], gpuKernels: [], environments: [], notes: [...skipped] };

  for (const target of targets) {
    const selected: SubjectProfile[] = profiles.filter((p) => p.environment === PROFILE_ENVIRONMENT[target.kind] && wanted(p.name));
    const request = { profiles: selected, plan, only: settings.only ?? null };
    let measured: Measured;
    try {
      if (target.inProcess) {
        const environment = processBenchEnvironment(target.name, target.label);
        const here = await benchHere({ ...request, environment }, IN_PROCESS, (p) => onProgress({ ...p, environment: target.name }));
        measured = { environment, outcome: here, gpuKernels: [], gpuNotes: [], notes: [] };
      } else {
        measured = await measureInGuest(target, request, settings, onProgress);
      }
    } catch (error) {
      // A runtime or browser that does not start: a failure under CI, a one-line notice here.
      const line = `${target.name} (${target.label}) did not run the bench: ${(error as Error).message.split('\n')[0]}`;
      if (isCi()) throw new Error(line, { cause: error });
      outcome.notes.push(line);
      continue;
    }
    outcome.environments.push(measured.environment);
    outcome.results.push(...measured.outcome.results);
    outcome.firstCalls.push(...measured.outcome.firstCalls);
    outcome.gpuKernels.push(...measured.gpuKernels);
    outcome.notes.push(
      ...measured.notes,
      ...measured.outcome.notes.map((n) => `${target.name}: ${n}`),
      ...measured.outcome.failures.map((f) => `${f.backend} (${target.name}): ${f.error}`),
      ...measured.gpuNotes.map((n) => `${target.name}: ${n}`),
    );
  }
  for (const p of profiles.filter((p) => wanted(p.name))) {
    const max = profileMaxElements(p);
    if (max && outcome.results.some((r) => r.backend === p.name)) outcome.notes.push(`${p.name} timed up to ${max.elements.toLocaleString('en-US')} elements: ${max.reason}`);
  }
  return outcome;
}
