import type { ReluBackend } from '@relu/core';
import type { SubjectProfile } from './profiles.js';

/** A subject: a profile entry and the backend made from it. */
export interface Subject {
  readonly profile: SubjectProfile;
  readonly backend: ReluBackend;
  /** Where the backend came from (its adapter file, a user's module, a page), for messages. */
  readonly origin: string;
}
