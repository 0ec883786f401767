/**
 * A profile or backend that is not what the suite can check: the message names where it came
 * from (file, subject, field) and what was expected.
 */
export function profileError(where: string, message: string): TypeError {
  return new TypeError(`${where}: ${message}`);
}

/** A value as a profile error prints it. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
