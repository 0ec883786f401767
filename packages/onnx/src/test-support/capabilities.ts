import { type Attributes, type DType, OPS, OP_NAMES, type OpName, SPECIAL_VALUES, allocate, arrayBits, arrayFromBits, elementValue } from '@relu/core';
import { EP_OPS, EXCLUDED_DTYPES, type ExecutionProvider, WEBGPU_FLOAT16_OPS } from '../capabilities.js';
import type { ProbeResult } from './probe.js';
import { mismatchesWithCore, ordinaryValues } from './random.js';

/** Leaky ReLU's slope in these checks: not a power of two, so products round. */
const ATTRIBUTES: Readonly<Record<OpName, Attributes>> = { relu: {}, leakyRelu: { alpha: 0.1 }, relu6: {} };

/** How the capability check reaches one execution provider: in this process or in a browser page. */
export interface CapabilityTarget {
  readonly executionProvider: ExecutionProvider;
  /** The backend's declared ops. */
  readonly ops: Readonly<Partial<Record<OpName, readonly DType[]>>>;
  /** Whether the WebGPU adapter has shader-f16 (float16 is then listed for WEBGPU_FLOAT16_OPS). */
  readonly shaderF16?: boolean;
  /** The op through the backend (raw), as bits. */
  run(op: OpName, attributes: Attributes, dtype: DType, bits: readonly string[]): Promise<readonly string[]>;
  /** The op straight through the runtime and its guards, past the backend's list (test-support/probe.ts). */
  probe(op: OpName, attributes: Attributes, dtype: DType, bits: readonly string[]): Promise<ProbeResult>;
}

/** Within 2^-7 of the reference: a working kernel, whether or not it conforms (the conformance suite's job). */
function closeToCore(op: OpName, dtype: DType, x: readonly string[], y: readonly string[]): string[] {
  const input = arrayFromBits(dtype, x);
  const got = arrayFromBits(dtype, y);
  const expected = allocate(dtype, input.length);
  const descriptor = OPS[op];
  descriptor.forward(dtype, descriptor.checkAttributes('test', 'attributes', ATTRIBUTES[op]) as never, input, expected);
  const far: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const e = elementValue(dtype, expected, i);
    const g = elementValue(dtype, got, i);
    const ok = typeof e === 'bigint' ? e === g : Math.abs((g as number) - e) <= Math.abs(e) * 2 ** -7;
    if (!ok) far.push(`[${i}] x=${x[i]} got ${y[i]}, expected about ${arrayBits(dtype, expected)[i]}`);
  }
  return far;
}

/**
 * Every op on every dtype it is defined on, listed or not: a listed one computes ordinary values
 * (both sides of every kink) correctly through the backend; an unlisted one fails exactly as
 * EXCLUDED_DTYPES says (no kernel, a refused CPU fallback, or results that are not the op's).
 * Returns the problems found, one line each; empty when the declared ops are the truth.
 */
export async function capabilityProblems(target: CapabilityTarget): Promise<string[]> {
  const ep = target.executionProvider;
  const problems: string[] = [];
  const expectedOps = Object.fromEntries(
    Object.entries(EP_OPS[ep]).map(([op, dtypes]) => [op, target.shaderF16 && WEBGPU_FLOAT16_OPS.includes(op as OpName) && !dtypes.includes('float16') ? [...dtypes, 'float16'] : [...dtypes]]),
  );
  if (JSON.stringify(target.ops) !== JSON.stringify(expectedOps)) problems.push(`declares ${JSON.stringify(target.ops)}, EP_OPS says ${JSON.stringify(expectedOps)}`);
  for (const op of OP_NAMES) {
    for (const dtype of OPS[op].dtypes) {
      const where = `${ep} ${op} ${dtype}`;
      const exclusion = EXCLUDED_DTYPES[ep][op]?.[dtype];
      const listed = target.ops[op]?.includes(dtype) ?? false;
      if (listed) {
        if (exclusion && !(ep === 'webgpu' && dtype === 'float16')) problems.push(`${where}: both listed and excluded`);
        const x = arrayBits(dtype, ordinaryValues(dtype, 64, 7));
        try {
          problems.push(...closeToCore(op, dtype, x, await target.run(op, ATTRIBUTES[op], dtype, x)).slice(0, 3).map((p) => `${where}: listed but computes ${p}`));
        } catch (error) {
          problems.push(`${where}: listed but fails: ${(error as Error).message}`);
        }
        continue;
      }
      if (!exclusion) {
        problems.push(`${where}: left out without a reason in EXCLUDED_DTYPES`);
        continue;
      }
      const inputs = [...SPECIAL_VALUES[dtype].map((v) => v.input), ...arrayBits(dtype, ordinaryValues(dtype, 16, 3))];
      const result = await target.probe(op, ATTRIBUTES[op], dtype, inputs);
      if (exclusion.kind === 'lossy') {
        // Either a guard refuses it (the self-test) or it runs and some result is not the op's.
        if (result.bits && mismatchesWithCore(OPS[op], ATTRIBUTES[op], dtype, arrayFromBits(dtype, inputs), arrayFromBits(dtype, [...result.bits])).length === 0) {
          problems.push(`${where}: excluded as lossy but computed every special value exactly`);
        }
      } else if (!result.error) {
        problems.push(`${where}: excluded (${exclusion.kind}) but ran: ${JSON.stringify(result.bits?.slice(0, 8))}`);
      } else if (exclusion.kind === 'cpu-fallback' && !/fallback to CPU EP has been explicitly disabled/.test(result.error)) {
        problems.push(`${where}: excluded as a refused CPU fallback but failed otherwise: ${result.error}`);
      }
    }
  }
  return problems;
}
