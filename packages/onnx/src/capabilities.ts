import type { DType } from '@relu/core';

/** The execution providers onnxBackend() knows. */
export type ExecutionProvider = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** What runs each execution provider. */
export const RUNTIME_PACKAGE: Readonly<Record<ExecutionProvider, 'onnxruntime-node' | 'onnxruntime-web'>> = {
  cpu: 'onnxruntime-node',
  wasm: 'onnxruntime-web',
  webgl: 'onnxruntime-web',
  webgpu: 'onnxruntime-web',
};

/** The backend name: 'onnx-cpu', 'onnx-web-wasm', 'onnx-web-webgl', 'onnx-web-webgpu', '+canonical' in canonical mode. */
export function backendName(executionProvider: ExecutionProvider, canonical: boolean): string {
  const base = executionProvider === 'cpu' ? 'onnx-cpu' : `onnx-web-${executionProvider}`;
  return canonical ? `${base}+canonical` : base;
}

/**
 * The dtypes each execution provider really runs with onnxruntime 1.30, measured by the tests
 * (src/node-backends.test.ts, src/browser-backends.test.ts try every dtype, listed or not).
 * WebGPU adds 'float16' at run time when the adapter has the 'shader-f16' feature (see
 * WEBGPU_FLOAT16_FEATURE); SwiftShader has not, so that combination is unmeasured here.
 */
export const EP_DTYPES: Readonly<Record<ExecutionProvider, readonly DType[]>> = {
  cpu: ['float32', 'float64', 'float16', 'int8', 'int32'],
  wasm: ['float32', 'float64', 'float16', 'int8', 'int32'],
  webgl: ['float32', 'int8', 'int16'],
  webgpu: ['float32'],
};

export const WEBGPU_FLOAT16_FEATURE = 'shader-f16';

/** How a dtype that an execution provider does not list fails, as the tests observe it. */
export type ExclusionKind =
  /** Session creation fails: the runtime has no Relu kernel (or no tensor type) for it. */
  | 'no-kernel'
  /** Session creation fails because the node would run on the CPU EP, which the backend forbids. */
  | 'cpu-fallback'
  /** It runs, but not as ReLU of the input: values are converted to a narrower type and back. */
  | 'lossy';

export interface Exclusion {
  readonly kind: ExclusionKind;
  readonly reason: string;
}

/** Why each unlisted dtype is unlisted: the data the tests check and the README tabulates. */
export const EXCLUDED_DTYPES: Readonly<Record<ExecutionProvider, Readonly<Partial<Record<DType, Exclusion>>>>> = {
  cpu: {
    bfloat16: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Relu(14) kernel for bfloat16, and onnxruntime-common has no bfloat16 tensor type' },
    int16: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Relu(14) kernel for int16' },
    int64: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Relu(14) kernel for int64' },
  },
  wasm: {
    bfloat16: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Relu(14) for bfloat16, and no bfloat16 tensor type' },
    int16: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Relu(14) for int16' },
    int64: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Relu(14) for int64' },
  },
  webgl: {
    float64: { kind: 'lossy', reason: 'WebGL computes in float32 textures: float64 inputs are rounded to float32 (0x7fefffffffffffff becomes +Inf)' },
    float16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects FLOAT16 models ('unsupported data type')" },
    bfloat16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects BFLOAT16 models ('unsupported data type')" },
    int32: { kind: 'lossy', reason: 'WebGL computes in float32 textures: int32 beyond 2^24 loses precision (2147483647 becomes -2147483648)' },
    int64: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend reads int64 models as int32 and rejects BigInt64Array inputs" },
  },
  webgpu: {
    float64: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no float64 Relu; onnxruntime-web would silently run it on the CPU (wasm) EP' },
    float16: {
      kind: 'lossy',
      reason: "without the adapter feature 'shader-f16' the WebGPU Relu shader fails to compile and the output is all zeros; listed when the adapter has it",
    },
    bfloat16: { kind: 'no-kernel', reason: 'no bfloat16 kernel or tensor type in onnxruntime-web' },
    int8: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no int8 Relu; onnxruntime-web would silently run it on the CPU (wasm) EP' },
    int16: { kind: 'no-kernel', reason: 'no int16 Relu kernel in onnxruntime-web (neither WebGPU nor CPU)' },
    int32: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no int32 Relu; onnxruntime-web would silently run it on the CPU (wasm) EP' },
    int64: { kind: 'no-kernel', reason: 'no int64 Relu kernel in onnxruntime-web (neither WebGPU nor CPU)' },
  },
};
