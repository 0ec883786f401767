import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseEnvironmentList } from '@relu/runtime-harness';
import { profileError } from './profile-error.js';
import { type SubjectProfile, parseProfiles } from './profiles.js';
import type { Place } from './scope.js';
import type { Subject } from './subject.js';
import { backendFromModule } from './subject-module.js';

/** profiles.json beside this package: every subject the suite knows, with its declared deviations. */
export const PROFILES_PATH = fileURLToPath(new URL('../profiles.json', import.meta.url));

export async function loadProfiles(path: string = PROFILES_PATH): Promise<SubjectProfile[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw profileError(path, `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw profileError(path, `is not valid JSON: ${(error as Error).message}`);
  }
  const profiles = parseProfiles(json, path);
  for (const profile of profiles) checkEnvironmentNames(profile, parseEnvironmentList(undefined));
  return profiles;
}

/**
 * Scopes may name environments ("environments": ["node26", "firefox"]); a name that is no runtime
 * of runtimes/runtimes.json and no browser of the harness is a typo that would never match.
 */
export function checkEnvironmentNames(profile: SubjectProfile, known: readonly string[]): void {
  const fields = { deviations: profile.deviations, sweep: profile.sweep ?? [], unsupported: profile.unsupported ?? [], unavailable: profile.unavailable ?? [] };
  for (const [field, scopes] of Object.entries(fields)) {
    scopes.forEach((scope, i) => {
      const unknown = (scope.environments ?? []).filter((name) => !known.includes(name));
      if (unknown.length > 0) throw profileError(`profile ${profile.source} (${profile.name}) ${field}[${i}] "environments"`, `${unknown.map((n) => JSON.stringify(n)).join(', ')} is no environment; known: ${known.join(', ')}`);
    });
  }
}

const ADAPTER_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Where an adapter's file is, for messages, and the URL to import: .js when compiled, .ts when vitest runs the sources. */
export function adapterLocation(profile: SubjectProfile): { readonly origin: string; readonly url: string } {
  if (!ADAPTER_NAME.test(profile.adapter)) throw profileError(`profile ${profile.source} (${profile.name}) "adapter"`, `must name a file of src/subjects/ (lowercase letters, digits, dashes); got ${JSON.stringify(profile.adapter)}`);
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return { origin: `adapter src/subjects/${profile.adapter}.ts`, url: new URL(`./subjects/${profile.adapter}.${extension}`, import.meta.url).href };
}

/** Creates a Node subject from its adapter, src/subjects/<adapter>.ts. */
export async function createNodeSubject(profile: SubjectProfile, place?: Place): Promise<Subject> {
  if (profile.environment !== 'node') throw new RangeError(`createNodeSubject: ${profile.name} runs in the ${profile.environment}`);
  const { origin, url } = adapterLocation(profile);
  const module = (await import(/* @vite-ignore */ url)) as { default?: unknown };
  return { profile, backend: await backendFromModule(module, profile, origin, place), origin };
}

/**
 * A user's own backend: a module whose default export is a ReluBackend or a function returning
 * one. Without a profile it claims full conformance (no deviations).
 */
export async function createUserSubject(modulePath: string, profile?: SubjectProfile): Promise<Subject> {
  const origin = `--backend ${modulePath}`;
  const url = pathToFileURL(`${process.cwd()}/`).href;
  let module: { default?: unknown };
  try {
    module = (await import(new URL(modulePath, url).href)) as { default?: unknown };
  } catch (error) {
    throw profileError(origin, `cannot be imported: ${(error as Error).message}`);
  }
  const provisional: SubjectProfile = profile ?? {
    name: modulePath,
    description: `user backend from ${modulePath}`,
    environment: 'node',
    environments: ['runtime'],
    tiers: ['optimized'],
    adapter: modulePath,
    mode: 'raw',
    deviations: [],
    source: origin,
  };
  const backend = await backendFromModule(module, provisional, origin);
  return { backend, origin, profile: profile ?? { ...provisional, name: backend.name } };
}
