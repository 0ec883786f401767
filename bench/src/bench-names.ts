import type { SubjectProfile } from '@relu/conformance';
import type { CaseDefinition } from './cases/index.js';

/** Every name `--backends` accepts, by kind, for the error that lists them. */
export interface KnownNames {
  /** Conformance subjects (profiles.json), Node and browser. */
  readonly subjects: readonly string[];
  /** Direct calls of a package's API (core-into, wasm zero-copy ...). */
  readonly cases: readonly string[];
  /** Floors that always run, and runtime floors that run with the subjects they bound. */
  readonly baselines: readonly string[];
}

export function knownNames(profiles: readonly SubjectProfile[], definitions: readonly CaseDefinition[]): KnownNames {
  return {
    subjects: [...new Set(profiles.map((p) => p.name))],
    cases: definitions.filter((d) => d.runs === 'when-named').map((d) => d.name),
    baselines: definitions.filter((d) => d.runs !== 'when-named').map((d) => d.name),
  };
}

/** `--backends` named something the bench does not know: nothing is run. */
export class UnknownBackendError extends RangeError {
  override readonly name = 'UnknownBackendError';
  constructor(
    readonly unknown: readonly string[],
    readonly known: KnownNames,
  ) {
    const quote = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
    super(
      `--backends: unknown backend${unknown.length > 1 ? 's' : ''} ${quote(unknown)}; known subjects: ${quote(known.subjects)}; ` +
        `in-memory and direct cases: ${quote(known.cases)}; baselines: ${quote(known.baselines)}`,
    );
  }
}

/** Throws UnknownBackendError unless every name in `only` is known. */
export function checkBackendNames(only: readonly string[] | undefined, known: KnownNames): void {
  if (only === undefined) return;
  const all = new Set([...known.subjects, ...known.cases, ...known.baselines]);
  const unknown = only.filter((name) => !all.has(name));
  if (unknown.length > 0) throw new UnknownBackendError(unknown, known);
}
