import { type BackendOps, type DType, OPS, OP_NAMES, type ReluBackend, type ReluTypedArray, type RunOptions, checkOpRunArguments, sameTypeArray } from '@relu/core';
import type { SubjectProfile } from '../profiles.js';
import type { Place, Where } from '../scope.js';
import type { Subject } from '../subject.js';

/** The place unit tests say they run in (the suite's own process, as the matrix would name it). */
export const TEST_WHERE: Where = { environment: 'node20', engine: 'V8', engineVersion: 'test', tier: 'optimized', gpu: 'none' };
export const TEST_PLACE: Place = { environment: 'node20', engine: 'V8', engineVersion: 'test', tier: 'optimized', gpus: {} };

/** Small in-test backends: core's reference, then whatever damage a test needs. */

export function profile(overrides: Partial<SubjectProfile> = {}): SubjectProfile {
  return { name: 'fake', description: 'a test double', environment: 'node', environments: ['runtime'], tiers: ['optimized'], adapter: 'none', mode: 'raw', deviations: [], source: 'test', ...overrides };
}

export function subject(backend: ReluBackend, overrides: Partial<SubjectProfile> = {}): Subject {
  return { profile: profile({ name: backend.name, ...overrides }), backend, origin: `test double ${backend.name}` };
}

/** Runs core's reference for the requested op, then lets `corrupt` damage the result (or the input). */
export function fakeBackend(
  corrupt: (x: ReluTypedArray, y: ReluTypedArray, call: { dtype: DType; op: string; attributes: Readonly<Record<string, number>> }) => void | unknown = () => {},
  ops: BackendOps = { relu: ['float32'] },
  name = 'fake',
): ReluBackend {
  return {
    name,
    dtypes: ops.relu ?? [],
    ops,
    async run<T extends ReluTypedArray>(x: T, options?: RunOptions): Promise<T> {
      const { dtype, op, attributes } = checkOpRunArguments(name, ops, x, options);
      const y = sameTypeArray(x);
      op.forward(dtype, attributes as never, x, y);
      const replaced = corrupt(x, y, { dtype, op: op.name, attributes: attributes as Readonly<Record<string, number>> });
      return (replaced === undefined ? y : replaced) as T;
    },
    async dispose() {},
  };
}

/** Every op of the registry on float32. */
export const ALL_OPS_FLOAT32: BackendOps = Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].dtypes.includes('float32') ? ['float32'] : []]));

/** The float32 bits of element i. */
export const bitsOf = (a: ReluTypedArray, i: number): number => new Uint32Array(a.buffer, a.byteOffset, a.length)[i]!;

export function setBits(a: ReluTypedArray, i: number, bits: number): void {
  new Uint32Array(a.buffer, a.byteOffset, a.length)[i] = bits;
}
