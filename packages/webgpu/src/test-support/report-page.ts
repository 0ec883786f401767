/// <reference types="@webgpu/types" />
/**
 * The page behind scripts/gpu-report.mjs: SPEC conformance of every op and dtype against core,
 * and the figures, on whatever adapter this browser gives (a real GPU in a user's Chrome).
 */
import { BYTES_PER_ELEMENT, type DType, type OpName } from '@relu/core';
import { WEBGPU_OPS, measureKernelVsCopy, measureRunVsRoundTrip, webgpuBackend } from '../index.js';
import { describeAdapter } from '../adapter.js';
import { type OffsetCase, offsetsThroughEncode, sweepBackend } from './checks.js';

const ATTRIBUTES: Record<OpName, Record<string, number>> = { relu: {}, relu6: {}, leakyRelu: { alpha: 0.01 } };
const OFFSET_CASES: OffsetCase[] = Array.from({ length: 71 }, (_, length) => [0, 1, 3].flatMap((inputOffset) => [0, 2].map((outputOffset) => ({ length, inputOffset, outputOffset })))).flat();

Object.assign(globalThis, {
  reluReport: {
    adapter: async () => {
      const adapter = await navigator.gpu?.requestAdapter();
      return adapter ? describeAdapter(adapter.info) : null;
    },
    /** Every op and dtype: every 8/16-bit pattern or `random` random ones through run(), and the offset cases through encodeRelu. */
    conformance: async (random: number) => {
      const backend = await webgpuBackend();
      const device = backend.device;
      const rows: { op: OpName; dtype: DType; checked: number; mismatches: number; first?: unknown }[] = [];
      for (const op of Object.keys(WEBGPU_OPS) as OpName[]) {
        for (const dtype of WEBGPU_OPS[op]!) {
          const sweep = await sweepBackend(backend, op, dtype, ATTRIBUTES[op], random, 1);
          const offsets = await offsetsThroughEncode(device, op, dtype, ATTRIBUTES[op], OFFSET_CASES, false, 2);
          const mismatches = [...sweep.mismatches, ...offsets.mismatches];
          rows.push({ op, dtype, checked: sweep.checked + OFFSET_CASES.length, mismatches: mismatches.length, ...(mismatches.length ? { first: mismatches[0] } : {}) });
        }
      }
      await backend.dispose();
      return rows;
    },
    figures: async (sizes: number[], ops: OpName[], dtype: DType) => {
      const rows = [];
      for (const op of ops) {
        for (const length of sizes) {
          const kernel = await measureKernelVsCopy({ dtype, length, op, attributes: ATTRIBUTES[op] });
          const run = await measureRunVsRoundTrip({ dtype, length, op, attributes: ATTRIBUTES[op], rounds: 5 });
          rows.push({ op, dtype, length, bytes: length * BYTES_PER_ELEMENT[dtype], method: kernel.method, kernelMs: kernel.kernelMs, copyMs: kernel.copyMs, kernelRatio: kernel.ratioToCopy, copyShaderMs: kernel.copyShaderMs, copyShaderRatio: kernel.ratioToCopyShader, runMs: run.runMs, roundTripMs: run.roundTripMs, runRatio: run.ratioToRoundTrip });
        }
      }
      return rows;
    },
  },
});
