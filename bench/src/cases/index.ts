import type { BenchCase } from '../bench-case.js';
import { MEMORY_BASELINES, memoryBaselineCase } from './baselines.js';
import { coreIntoCase } from './core-into.js';
import { coreNewArrayCase } from './core-new-array.js';
import { NAIVE_LOOP, naiveLoopCase } from './naive-loop.js';
import { WASM_ZERO_COPY, wasmZeroCopyCase } from './wasm-zero-copy.js';

/**
 * Bench-only cases that are not conformance subjects, by name: direct calls of a package's API
 * and the baselines that bound every figure. Defined for Node and the benchmark page alike.
 */
export interface CaseDefinition {
  readonly name: string;
  /**
   * always: a baseline every other figure is read against; when-named: a direct case, run when
   * --backends names it (or without --backends); with-subjects: a runtime's own floor, run when a
   * subject it bounds runs (floors.ts) or when named.
   */
  readonly runs: 'always' | 'when-named' | 'with-subjects';
  /** The case, or why it does not run in this environment (said in the notes). */
  create(): Promise<BenchCase | string>;
}

export const CASE_DEFINITIONS: readonly CaseDefinition[] = [
  ...MEMORY_BASELINES.map((name): CaseDefinition => ({ name, runs: 'always', create: async () => memoryBaselineCase(name) })),
  { name: NAIVE_LOOP, runs: 'always', create: async () => naiveLoopCase() },
  { name: 'core-into', runs: 'when-named', create: async () => coreIntoCase() },
  { name: 'core-new-array', runs: 'when-named', create: async () => coreNewArrayCase() },
  ...Object.keys(WASM_ZERO_COPY).map((name): CaseDefinition => ({ name, runs: 'when-named', create: () => wasmZeroCopyCase(name) })),
];

/** Creates the wanted cases (and every baseline); notes say which could not run here and why. */
export async function createCases(
  definitions: readonly CaseDefinition[],
  wanted: (definition: CaseDefinition) => boolean,
): Promise<{ cases: BenchCase[]; notes: string[] }> {
  const cases: BenchCase[] = [];
  const notes: string[] = [];
  for (const definition of definitions.filter(wanted)) {
    try {
      const created = await definition.create();
      if (typeof created === 'string') notes.push(`${definition.name} not benchmarked: ${created}`);
      else cases.push(created);
    } catch (error) {
      notes.push(`${definition.name} not benchmarked: ${(error as Error).message}`);
    }
  }
  return { cases, notes };
}
