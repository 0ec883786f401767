/**
 * One policy for a browser or runtime that cannot start: locally a one-line notice and the tests
 * of that environment are skipped; under CI (CI set, and not '0' or 'false') it is a failure, so
 * a CI run never passes by skipping an engine.
 */
export function isCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
}

/** An environment (browser or runtime) that this machine cannot start; the message says why and how to fix it. */
export class EnvironmentUnavailableError extends Error {
  override readonly name: string = 'EnvironmentUnavailableError';
}

/**
 * `reason` (why `what` cannot run here) as a skip reason, or undefined when there is none. Under
 * CI it throws `error(message)` instead, naming `what` and why.
 */
export function skipOrFail(what: string, reason: string | undefined, error: (message: string) => Error = (m) => new EnvironmentUnavailableError(m)): string | undefined {
  if (reason === undefined) return undefined;
  if (isCi()) throw error(`CI requires ${what}, but ${reason}`);
  return `${what}: ${reason}`;
}
