import type { ReluBackend } from '@relu/core';
import type { SubjectProfile } from '../profiles.js';
import type { Place } from '../scope.js';
import { backendFromModule } from '../subject-module.js';

/**
 * Creates a subject in a guest (a page or a child runtime) from its adapter, src/subjects/<adapter>.ts, the same
 * adapter files Node subjects use. The glob import makes the bundler include every adapter, so
 * adding one is adding a file and a profile entry.
 */
export async function createBrowserBackend(profile: SubjectProfile, place?: Place): Promise<ReluBackend> {
  const module = (await import(`../subjects/${profile.adapter}.js`)) as { default?: unknown };
  return backendFromModule(module, profile, `adapter src/subjects/${profile.adapter}.ts (in ${place?.environment ?? 'the page'})`, place);
}
