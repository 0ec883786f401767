import { BYTES_PER_ELEMENT, type DType, type ReluBackend } from '@relu/core';
import type { SubjectProfile } from '@relu/conformance/engine';
import { randomSignData } from './random-data.js';

/**
 * Something the benchmark times: a conformance subject through its ReluBackend contract, or a
 * bench-only case such as a kernel on data that already lives in wasm memory.
 */
export interface BenchCase {
  readonly name: string;
  readonly environment: 'node' | 'browser';
  /** backend: a conformance subject; baseline: a reference point (peers, naive loops); in-memory: no copy in or out. */
  readonly role: 'backend' | 'baseline' | 'in-memory';
  readonly dtypes: readonly DType[];
  readonly info: Readonly<Record<string, string | number | boolean>>;
  /** What one timed call includes, said in the report next to the figure. */
  readonly includes: string;
  /** Makes the inputs (untimed) and returns the call to time. */
  prepare(dtype: DType, size: number): Promise<PreparedCall>;
  dispose(): Promise<void>;
}

export interface PreparedCall {
  readonly run: () => unknown;
  readonly release: () => void;
}

export function bytesOf(dtype: DType, size: number): number {
  return BYTES_PER_ELEMENT[dtype] * size;
}

function includesFor(profile: SubjectProfile, backend: ReluBackend): string {
  const provider = String(backend.info?.executionProvider ?? backend.info?.tfjsBackend ?? '');
  if (profile.environment === 'browser' && /webgl|webgpu/.test(provider)) {
    return 'run(): upload, GPU compute and readback into a new typed array (on a software rasteriser here)';
  }
  return 'run(): the whole contract call, input typed array to a new output typed array';
}

/** A conformance subject as a bench case: each call is backend.run(x) on random-sign data. */
export function backendCase(profile: SubjectProfile, backend: ReluBackend): BenchCase {
  return {
    name: profile.name,
    environment: profile.environment,
    role: profile.peer ? 'baseline' : 'backend',
    dtypes: backend.dtypes,
    info: backend.info ?? {},
    includes: includesFor(profile, backend),
    async prepare(dtype, size) {
      const x = randomSignData(dtype, size);
      return { run: () => backend.run(x, { dtype }), release: () => {} };
    },
    dispose: () => backend.dispose(),
  };
}
