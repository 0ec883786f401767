/**
 * What crosses between Node and the page: page functions are called by name with structured-
 * cloneable arguments, and errors travel as data so Node can rebuild their classes.
 */
export const PAGE_GLOBAL = '__reluPage';

/** The Node function the page calls to report progress (playwright exposeFunction). */
export const PROGRESS_BINDING = '__reluProgress';

export interface PageRegistry {
  ready: boolean;
  functions: Record<string, (...args: never[]) => unknown>;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly backend?: string;
  readonly dtype?: string;
  readonly supported?: readonly string[];
}

export type CallResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SerializedError };

export interface RemoteBackendDescription {
  readonly id: number;
  readonly name: string;
  readonly dtypes: readonly string[];
  readonly info: Readonly<Record<string, string | number | boolean>>;
}
