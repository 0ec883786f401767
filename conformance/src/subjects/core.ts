import { type ReluBackend, coreBackend } from '@relu/core';

/** @relu/core, the reference: every op, checked against the independent oracles. */
export default async function createCoreSubject(): Promise<ReluBackend> {
  return coreBackend;
}
