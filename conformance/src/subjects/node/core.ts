import { type ReluBackend, coreBackend } from '@relu/core';

/** @relu/core, the reference: checked against the independent oracle. */
export default async function createCoreSubject(): Promise<ReluBackend> {
  return coreBackend;
}
