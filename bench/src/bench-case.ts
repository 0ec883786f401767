import { type Attributes, type BackendOps, BYTES_PER_ELEMENT, type DType, type OpName, type ReluBackend, backendOps } from '@relu/core';
import type { SubjectProfile } from '@relu/conformance';
import { isGpuRoundTrip, subjectFloors } from './floors.js';
import { randomSignData } from './random-data.js';

/**
 * Something the benchmark times: a conformance subject through its ReluBackend contract, a direct
 * call of a package's API (a kernel on data already in wasm memory, relu(x, { out })), or a
 * baseline that bounds them (a copy, an allocation, a naive loop, onnxruntime's own session.run).
 */
export interface BenchCase {
  readonly name: string;
  /**
   * backend: a conformance subject through run(); peer: a subject this repository does not own;
   * direct: a package's API called directly, not through the contract; baseline: a floor that
   * bounds the others, never recommended.
   */
  readonly role: 'backend' | 'peer' | 'direct' | 'baseline';
  /**
   * What the case computes: the ops it runs with their dtypes, or, for a baseline that runs no op
   * (a copy, an allocation), the dtypes it moves; such a baseline is timed once per dtype and size
   * and read beside every op.
   */
  readonly work: { readonly ops: BackendOps } | { readonly memory: readonly DType[] };
  readonly info: Readonly<Record<string, string | number | boolean>>;
  /** What one timed call includes, said in the report next to the figure. */
  readonly includes: string;
  /**
   * Names of the baselines this case is timed against in the same rounds, besides the copy: the
   * floors of what its call has to do (see floors.ts).
   */
  readonly floors: readonly string[];
  /** The largest size it is timed at, and why (a software GPU where one call takes seconds). */
  readonly maxElements?: { readonly elements: number; readonly reason: string };
  /** Makes the inputs (untimed) and returns the call to time. */
  prepare(call: CallSpec): Promise<PreparedCall>;
  dispose(): Promise<void>;
}

/** One timed configuration: the op (null for a baseline that runs none), its attributes, dtype and size. */
export interface CallSpec {
  readonly op: OpName | null;
  readonly attributes: Attributes;
  readonly dtype: DType;
  readonly size: number;
}

export interface PreparedCall {
  /** One call; a returned promise is awaited, anything else is taken as a synchronous call. */
  readonly run: () => unknown;
  readonly release: () => void;
}

export function bytesOf(dtype: DType, size: number): number {
  return BYTES_PER_ELEMENT[dtype] * size;
}

/** What a subject's run() includes: for the GPU subjects (those bounded by a GPU round trip, floors.ts) the transfers too. */
function includesFor(profile: SubjectProfile): string {
  if (subjectFloors(profile).some(isGpuRoundTrip)) return 'run(): upload, GPU compute and readback into a new typed array';
  return 'run(): the whole contract call, input typed array to a new output typed array';
}

/**
 * The profile's `bench.maxElements` (conformance's profile schema: `"bench": { "maxElements":
 * <integer>, "reason": "<why>" }`), read from the parsed object so that a profile without it, or
 * a schema that does not know it yet, means no cap.
 */
export function profileMaxElements(profile: SubjectProfile): BenchCase['maxElements'] {
  const bench: unknown = (profile as { readonly bench?: unknown }).bench;
  if (bench === undefined) return undefined;
  const { maxElements, reason } = (bench ?? {}) as { maxElements?: unknown; reason?: unknown };
  if (typeof maxElements !== 'number' || !Number.isInteger(maxElements) || maxElements < 1) {
    throw new TypeError(`profile ${profile.name}: "bench.maxElements" must be a positive integer; got ${JSON.stringify(maxElements)}`);
  }
  return { elements: maxElements, reason: typeof reason === 'string' ? reason : 'the profile caps it' };
}

/** A conformance subject as a bench case: each call is backend.run(x, { dtype, op, attributes }) on random-sign data. */
export function backendCase(profile: SubjectProfile, backend: ReluBackend): BenchCase {
  const maxElements = profileMaxElements(profile);
  return {
    name: profile.name,
    role: profile.peer ? 'peer' : 'backend',
    work: { ops: backendOps(backend) },
    info: backend.info ?? {},
    includes: includesFor(profile),
    floors: subjectFloors(profile),
    ...(maxElements ? { maxElements } : {}),
    async prepare({ op, attributes, dtype, size }) {
      const x = randomSignData(dtype, size);
      // A ReLU-only backend (no `ops`) is called exactly as before ops existed.
      const options = op === null || op === 'relu' ? { dtype } : { dtype, op, attributes };
      return { run: () => backend.run(x, options), release: () => {} };
    },
    dispose: () => backend.dispose(),
  };
}
