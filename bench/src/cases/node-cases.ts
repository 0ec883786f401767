import { FLOOR } from '../floors.js';
import type { CaseDefinition } from './index.js';
import { ONNX_SESSION_PROVIDERS, onnxSessionCase } from './onnx-session.js';

/**
 * Cases that exist in Node only and load heavy runtimes: onnxruntime's own session.run, created
 * when an onnx subject it bounds is benchmarked or when it is named. Kept out of cases/index.ts so
 * that the benchmark page's bundle never pulls onnxruntime-node in.
 */
export const NODE_CASE_DEFINITIONS: readonly CaseDefinition[] = ONNX_SESSION_PROVIDERS.map((provider) => ({
  name: FLOOR.sessionRun(provider),
  runs: 'with-subjects',
  create: async () => onnxSessionCase(provider),
}));
