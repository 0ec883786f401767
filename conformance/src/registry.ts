import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReluBackend } from '@relu/core';
import { type SubjectProfile, parseProfiles } from './profiles.js';
import type { SweepSubject } from './sweep.js';

/** profiles.json beside this package: every subject the suite knows, with its declared deviations. */
export const PROFILES_PATH = fileURLToPath(new URL('../profiles.json', import.meta.url));

export async function loadProfiles(path: string = PROFILES_PATH): Promise<SubjectProfile[]> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseProfiles(json, path);
}

/** An adapter module: its default export makes the subject's backend from the profile's options. */
export type SubjectFactory = (options: unknown) => Promise<ReluBackend>;

/** An adapter beside this module: .js when running compiled, .ts when vitest runs the sources. */
function adapterUrl(path: string): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./${path}.${extension}`, import.meta.url).href;
}

/** Creates a Node subject by importing its adapter, src/subjects/node/<adapter>.ts. */
export async function createNodeSubject(profile: SubjectProfile): Promise<SweepSubject> {
  if (profile.environment !== 'node') throw new RangeError(`createNodeSubject: ${profile.name} runs in the ${profile.environment}`);
  const module = (await import(/* @vite-ignore */ adapterUrl(`subjects/node/${profile.adapter}`))) as { default: SubjectFactory };
  return { profile, backend: await module.default(profile.options) };
}

/**
 * A user's own backend: a module whose default export is a ReluBackend or a function returning
 * one. Without a profile it claims full conformance (no deviations).
 */
export async function createUserSubject(modulePath: string, profile?: SubjectProfile): Promise<SweepSubject> {
  const url = new URL(modulePath, `file://${process.cwd()}/`).href;
  const module = (await import(url)) as { default?: unknown };
  const exported = module.default;
  const backend = (typeof exported === 'function' ? await (exported as SubjectFactory)(profile?.options) : exported) as ReluBackend | undefined;
  if (!backend || typeof backend.run !== 'function' || !Array.isArray(backend.dtypes) || typeof backend.name !== 'string') {
    throw new TypeError(`--backend ${modulePath}: the default export must be a ReluBackend (name, dtypes, run, dispose) or a function returning one`);
  }
  return {
    backend,
    profile: profile ?? { name: backend.name, description: `user backend from ${modulePath}`, environment: 'node', adapter: modulePath, mode: 'raw', deviations: [] },
  };
}
