import type { ReluBackend } from '@relu/core';
import { checkBackendShape, checkProfileFitsBackend } from './backend-check.js';
import { profileError } from './profile-error.js';
import type { SubjectProfile } from './profiles.js';
import type { Place } from './scope.js';

/** An adapter module's default export: makes the subject's backend from the profile's options. */
export type SubjectFactory = (options: unknown) => Promise<ReluBackend>;

/**
 * The backend a module's default export gives (a ReluBackend, or a factory returning one),
 * checked field by field and against the profile, naming `origin` on failure. Node and the page
 * both create subjects through it.
 */
export async function backendFromModule(module: { default?: unknown }, profile: SubjectProfile, origin: string, place?: Place): Promise<ReluBackend> {
  const exported = module.default;
  if (exported === undefined) throw profileError(origin, 'has no default export; it must export a ReluBackend or a function returning one');
  const value = typeof exported === 'function' ? await (exported as SubjectFactory)(profile.options) : exported;
  const backend = checkBackendShape(value, `${origin}${typeof exported === 'function' ? ' (its default export, called)' : ''}`);
  checkProfileFitsBackend(profile, backend, place);
  return backend;
}
