import type { CaseDefinition } from './cases/index.js';

/** Which case definitions run, given the names selected and the floors of the subjects selected. */
export function caseSelector(only: readonly string[] | undefined, floorsNeeded: ReadonlySet<string>): (definition: CaseDefinition) => boolean {
  return (definition) => {
    const named = only?.includes(definition.name) ?? false;
    switch (definition.runs) {
      case 'always':
        return true;
      case 'when-named':
        return only === undefined || named;
      case 'with-subjects':
        return named || floorsNeeded.has(definition.name);
    }
  };
}
