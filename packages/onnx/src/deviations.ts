import type { DType } from '@relu/core';
import type { ExecutionProvider } from './capabilities.js';

/**
 * Where raw mode (canonical: false) departs from SPEC.md, as data: for each execution provider,
 * the SPECIAL_VALUES labels (from @relu/core) whose raw result differs from the expected bits
 * ('NaN' expectations accept any NaN), with the reason. Measured with onnxruntime 1.30 on x86-64
 * (CPU, wasm) and on headless Chromium's SwiftShader (WebGL, WebGPU); the tests require the
 * observed deviations to equal this list exactly, so it cannot go stale silently.
 * Integer dtypes have no special values and deviate nowhere. Canonical mode repairs all of these.
 */
export interface RawDeviation {
  readonly dtypes: readonly DType[];
  readonly labels: readonly string[];
  readonly reason: string;
}

const NAN_LABELS_16_32 = ['+quiet NaN', '+quiet NaN, payload 1', '-quiet NaN', '+signalling NaN', '-signalling NaN', '-NaN, all bits set'];

export const RAW_DEVIATIONS: Readonly<Record<ExecutionProvider, readonly RawDeviation[]>> = {
  cpu: [
    {
      dtypes: ['float32', 'float64', 'float16'],
      labels: ['-0'],
      reason: "onnxruntime's CPU Relu returns x when x compares equal to 0, so -0 stays -0 (0x80000000); SPEC requires +0",
    },
  ],
  wasm: [
    {
      dtypes: ['float32', 'float64', 'float16'],
      labels: ['-0'],
      reason: 'the wasm build runs the same CPU kernel: -0 stays -0; SPEC requires +0',
    },
  ],
  webgl: [
    {
      dtypes: ['float32'],
      labels: ['+smallest subnormal', '+largest subnormal'],
      reason: 'SwiftShader flushes subnormals to zero in GLSL arithmetic (max(x, 0.0)): positive subnormals become +0',
    },
    {
      dtypes: ['float32'],
      labels: NAN_LABELS_16_32,
      reason: 'GLSL max(x, 0.0) with a NaN operand is undefined; SwiftShader returns +0, so NaN is lost',
    },
  ],
  webgpu: [
    {
      dtypes: ['float32'],
      labels: ['+smallest subnormal', '+largest subnormal'],
      reason: 'SwiftShader flushes subnormals to zero in WGSL comparisons (select(0, x, x > 0)): positive subnormals become +0',
    },
    {
      dtypes: ['float32'],
      labels: NAN_LABELS_16_32,
      reason: 'WGSL lets implementations assume no NaN; select(0, x, x > 0) is false for NaN on SwiftShader, so NaN becomes +0',
    },
  ],
};

/** The labels of `dtype` that deviate in raw mode on `executionProvider`, with their reasons. */
export function rawDeviations(executionProvider: ExecutionProvider, dtype: DType): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const deviation of RAW_DEVIATIONS[executionProvider]) {
    if (deviation.dtypes.includes(dtype)) for (const label of deviation.labels) map.set(label, deviation.reason);
  }
  return map;
}
