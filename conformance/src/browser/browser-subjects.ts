import type { ReluBackend } from '@relu/core';
import type { SubjectProfile } from '../profiles.js';

/**
 * Creates a browser subject in the page from its adapter, src/subjects/browser/<adapter>.ts.
 * The glob import makes the bundler include every browser adapter, so adding one is adding a
 * file and a profile entry.
 */
export async function createBrowserBackend(profile: SubjectProfile): Promise<ReluBackend> {
  const module = (await import(`../subjects/browser/${profile.adapter}.js`)) as { default: (options: unknown) => Promise<ReluBackend> };
  return module.default(profile.options);
}
