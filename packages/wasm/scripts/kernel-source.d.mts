// Types of kernel-source.mjs for the TypeScript tests that import it (the mutation tests).

/** A lane operation: WAT text for one vector (v128) and one scalar element. */
export interface LaneOperation {
  readonly name?: string;
  readonly when?: string;
  readonly doc?: string;
  readonly params?: string;
  readonly locals?: string;
  readonly setup?: string;
  vector(v: string): string;
  scalar(x: string): string;
  readonly variants?: readonly LaneOperation[];
}

export interface OpLanes {
  readonly op: string;
  readonly attributes: readonly string[];
  readonly idempotent: boolean;
  readonly file: string;
  readonly dtypes: Readonly<Record<string, LaneOperation>>;
}

export const WAT_DIR: string;
export const MAX_ATTRIBUTES: number;
export function kernelName(op: string, dtype: string): string;
export function loadOps(dir?: string): Promise<OpLanes[]>;
export function kernelText(template: string, lanes: OpLanes, dtype: string): string;
export function kernelSpecs(ops: readonly OpLanes[]): { op: string; dtype: string; exportName: string; attributes: string[]; idempotent: boolean }[];
export function moduleText(ops: readonly OpLanes[], memoryImport: string, sources?: { template?: string; skeleton?: string }): string;
