import { type DType, OPS, type OpName } from '@relu/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNSHARED_MEMORY_IMPORT, assemble } from '../scripts/assemble.mjs';
import { type LaneOperation, type OpLanes, loadOps, moduleText } from '../scripts/kernel-source.mjs';
import { attributeCases, instantiateKernels, kernelFailures } from './test-support/kernel-check.js';

// Mutation tests of the kernel checks: each case breaks one lane operation of wat/ops/ the way a
// plausible bug would (a wrong comparison, constant or rounding step; a vector or only a scalar
// tail), assembles the whole module with it, and expects the checks of kernels.test.ts to fail
// on that kernel. A check that passed a broken kernel would be a check that cannot fail.

interface Mutation {
  readonly op: OpName;
  readonly dtype: DType;
  /** The lane operation's variant, where it has variants. */
  readonly variant?: string;
  readonly part: 'vector' | 'scalar';
  readonly from: string;
  readonly to: string;
  readonly bug: string;
}

const MUTATIONS: readonly Mutation[] = [
  { op: 'relu', dtype: 'float32', part: 'vector', from: 'i32x4.gt_s', to: 'i32x4.ge_s', bug: '-Inf kept' },
  { op: 'relu', dtype: 'float16', part: 'scalar', from: '0xfffffc00', to: '0xfffffbff', bug: 'the tail keeps -Inf' },
  { op: 'relu', dtype: 'int64', part: 'vector', from: 'v128.and', to: 'v128.or', bug: 'a mask ORed instead of ANDed' },
  { op: 'relu6', dtype: 'float32', part: 'vector', from: '(local.get $above_negative_zero)', to: '(v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)', bug: '-0 stays -0' },
  { op: 'relu6', dtype: 'float64', part: 'vector', from: 'f64x2.pmin', to: 'f64x2.min', bug: 'min instead of pmin: NaN bits not kept' },
  { op: 'relu6', dtype: 'float16', part: 'vector', from: '(i16x8.gt_s (v128.and', to: '(i16x8.lt_s (v128.and', bug: 'the NaN mask inverted' },
  { op: 'relu6', dtype: 'int8', part: 'scalar', from: '(i32.const 6)', to: '(i32.const 7)', bug: 'the tail clamps to 7' },
  { op: 'leakyRelu', dtype: 'float32', variant: 'gentle', part: 'vector', from: 'f32x4.pmax', to: 'f32x4.pmin', bug: 'pmin for alpha < 1' },
  { op: 'leakyRelu', dtype: 'float32', variant: 'zero', part: 'vector', from: 'f32x4.lt', to: 'f32x4.le', bug: '-0 takes the product (alpha = -0 gives +0)' },
  { op: 'leakyRelu', dtype: 'float64', variant: 'steep', part: 'scalar', from: '(f64.lt (local.get $p)', to: '(f64.gt (local.get $p)', bug: 'the tail picks the wrong side for alpha > 1' },
  { op: 'leakyRelu', dtype: 'float16', part: 'vector', from: '(local.get $rebias)', to: '(i64x2.add (local.get $rebias) (local.get $one))', bug: 'ties round up instead of to even' },
  { op: 'leakyRelu', dtype: 'bfloat16', part: 'scalar', from: '(f64.const 0x1p-81)', to: '(f64.const 0x1p-80)', bug: 'the tail rounds subnormal results at the wrong place' },
  {
    op: 'leakyRelu',
    dtype: 'float16',
    part: 'vector',
    from: '(f64x2.mul (f64x2.mul',
    to: '(f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.mul',
    bug: 'the product rounded to float32 first (double rounding)',
  },
];

/** `lanes` with the mutation applied to one lane operation; throws when the text to replace is not there. */
function mutate(ops: readonly OpLanes[], mutation: Mutation): OpLanes[] {
  return ops.map((lanes) => {
    if (lanes.op !== mutation.op) return lanes;
    const lane = lanes.dtypes[mutation.dtype]!;
    const apply = (operation: LaneOperation): LaneOperation => {
      const original = operation[mutation.part];
      const probe = original.call(operation, '(local.get $v0)');
      if (!probe.includes(mutation.from)) throw new Error(`mutation "${mutation.bug}": ${mutation.from} is not in the ${mutation.part} lane operation`);
      // The closing parentheses that `to` opens more of than `from`.
      const extra = (mutation.to.match(/\(/g)?.length ?? 0) - (mutation.from.match(/\(/g)?.length ?? 0) - ((mutation.to.match(/\)/g)?.length ?? 0) - (mutation.from.match(/\)/g)?.length ?? 0));
      const mutated = (text: string): string => {
        const at = text.indexOf(mutation.from);
        if (extra === 0) return text.replace(mutation.from, mutation.to);
        // Close the added parentheses after the expression that starts at the replaced text.
        let depth = 0;
        let end = at;
        for (; end < text.length; end++) {
          if (text[end] === '(') depth++;
          else if (text[end] === ')' && --depth === 0) break;
        }
        return text.slice(0, at) + mutation.to + text.slice(at + mutation.from.length, end + 1) + ')'.repeat(extra) + text.slice(end + 1);
      };
      return { ...operation, [mutation.part]: (value: string) => mutated(original.call(operation, value)) };
    };
    const mutatedLane =
      mutation.variant === undefined ? apply(lane) : { ...lane, variants: lane.variants!.map((variant) => (variant.name === mutation.variant ? apply(variant) : variant)) };
    return { ...lanes, dtypes: { ...lanes.dtypes, [mutation.dtype]: mutatedLane } };
  });
}

let ops: OpLanes[];
beforeAll(async () => {
  ops = await loadOps();
});

describe('the kernel checks fail on broken lane operations', () => {
  it.each(MUTATIONS.map((m) => [`${m.op} ${m.dtype}${m.variant ? ` (${m.variant})` : ''} ${m.part}: ${m.bug}`, m]))('%s', async (_label, mutation) => {
    const bytes = await assemble('mutant.wat', moduleText(mutate(ops, mutation), UNSHARED_MEMORY_IMPORT));
    const target = await instantiateKernels(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
    const op = OPS[mutation.op];
    const caught = attributeCases(op).some((attributes) => kernelFailures(target, op, mutation.dtype, attributes).length > 0);
    expect(caught, `no check failed for the mutant "${mutation.bug}"`).toBe(true);
  });

  it('and pass on the lane operations as written (the same pipeline, unmutated)', async () => {
    const bytes = await assemble('module.wat', moduleText(ops, UNSHARED_MEMORY_IMPORT));
    const target = await instantiateKernels(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
    expect(kernelFailures(target, OPS.leakyRelu, 'float16', { alpha: 0.01 })).toEqual([]);
  });
});
