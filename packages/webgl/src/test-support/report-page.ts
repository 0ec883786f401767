/**
 * The page behind scripts/gpu-report.mjs: SPEC conformance of every op and dtype against core,
 * and the figures, on whatever WebGL2 this browser gives (a real GPU in a user's Chrome).
 */
import type { DType, OpName } from '@relu/core';
import { WEBGL_OPS, measureKernelVsCopy, measureRunVsRoundTrip, webglBackend } from '../index.js';
import { lengthsThroughRun, sweepBackend } from './checks.js';

const ATTRIBUTES: Record<OpName, Record<string, number>> = { relu: {}, relu6: {}, leakyRelu: { alpha: 0.01 } };

Object.assign(globalThis, {
  reluReport: {
    renderer: async () => {
      const backend = await webglBackend();
      const info = backend.info;
      await backend.dispose();
      return info;
    },
    /** Every op and dtype: every 8/16-bit pattern or `random` random ones, and lengths 0..70, through run(). */
    conformance: async (random: number) => {
      const backend = await webglBackend();
      const rows: { op: OpName; dtype: DType; checked: number; mismatches: number; first?: unknown }[] = [];
      for (const op of Object.keys(WEBGL_OPS) as OpName[]) {
        for (const dtype of WEBGL_OPS[op]!) {
          const sweep = await sweepBackend(backend, op, dtype, ATTRIBUTES[op], random, 1);
          const lengths = await lengthsThroughRun(backend, op, dtype, ATTRIBUTES[op], 70, 2);
          const mismatches = [...sweep.mismatches, ...lengths.mismatches];
          rows.push({ op, dtype, checked: sweep.checked + 71, mismatches: mismatches.length, ...(mismatches.length ? { first: mismatches[0] } : {}) });
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
          rows.push({ op, dtype, length, method: kernel.method, kernelMs: kernel.kernelMs, copyShaderMs: kernel.copyShaderMs, kernelRatio: kernel.ratioToCopyShader, runMs: run.runMs, roundTripMs: run.roundTripMs, runRatio: run.ratioToRoundTrip });
        }
      }
      return rows;
    },
  },
});
