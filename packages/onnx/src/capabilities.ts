import type { BackendOps, DType, OpName } from '@relu/core';

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
 * The ops and dtypes each execution provider really runs with onnxruntime 1.30, measured by the
 * tests (src/node-capabilities.test.ts, src/browser-backends.test.ts try every dtype of every
 * op, listed or not, and require each unlisted one to fail as EXCLUDED_DTYPES says). WebGPU adds
 * 'float16' to WEBGPU_FLOAT16_OPS at run time when the adapter has 'shader-f16'; SwiftShader has
 * not, so that combination is unmeasured here (the self-test guards it).
 */
export const EP_OPS: Readonly<Record<ExecutionProvider, BackendOps>> = {
  cpu: {
    relu: ['float32', 'float64', 'float16', 'int8', 'int32'],
    leakyRelu: ['float32', 'float64', 'float16'],
    relu6: ['float32', 'float64', 'float16', 'int8', 'int32', 'int64'],
  },
  wasm: {
    relu: ['float32', 'float64', 'float16', 'int8', 'int32'],
    leakyRelu: ['float32', 'float64', 'float16'],
    relu6: ['float32', 'float64', 'float16', 'int8', 'int32', 'int64'],
  },
  webgl: {
    relu: ['float32', 'int8', 'int16'],
    leakyRelu: ['float32'],
    // int32 too: WebGL computes it in float32, which rounds large inputs, but rounding is
    // monotonic and every result (0..6) is exact in float32, so Clip's output is exact.
    relu6: ['float32', 'int8', 'int16', 'int32'],
  },
  webgpu: {
    relu: ['float32'],
    leakyRelu: ['float32'],
    relu6: ['float32'],
  },
};

export const WEBGPU_FLOAT16_FEATURE = 'shader-f16';
/** The ops whose WebGPU kernels onnxruntime-web 1.30 registers for float16 (used only with 'shader-f16'). */
export const WEBGPU_FLOAT16_OPS: readonly OpName[] = ['relu', 'leakyRelu', 'relu6'];

/** How a dtype that an execution provider does not list for an op fails, as the tests observe it. */
export type ExclusionKind =
  /** Session creation fails: the runtime has no kernel (or no tensor type) for it. */
  | 'no-kernel'
  /** Session creation fails because the node would run on the CPU EP, which the backend forbids. */
  | 'cpu-fallback'
  /** It runs, but not as the op of the input: values are converted to a narrower type and back. */
  | 'lossy';

export interface Exclusion {
  readonly kind: ExclusionKind;
  readonly reason: string;
}

type Exclusions = Readonly<Partial<Record<DType, Exclusion>>>;

const NO_BFLOAT16_TENSOR = 'and onnxruntime-common has no bfloat16 tensor type';

/** Why each dtype an op is defined on is unlisted for an execution provider: the data the tests check and the README tabulates. */
export const EXCLUDED_DTYPES: Readonly<Record<ExecutionProvider, Readonly<Partial<Record<OpName, Exclusions>>>>> = {
  cpu: {
    relu: {
      bfloat16: { kind: 'no-kernel', reason: `onnxruntime 1.30 CPU has no Relu(14) kernel for bfloat16, ${NO_BFLOAT16_TENSOR}` },
      int16: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Relu(14) kernel for int16' },
      int64: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Relu(14) kernel for int64' },
    },
    leakyRelu: {
      bfloat16: { kind: 'no-kernel', reason: `onnxruntime 1.30 CPU has no LeakyRelu(16) kernel for bfloat16 and its function body needs Less(13) for bfloat16, which it lacks too, ${NO_BFLOAT16_TENSOR}` },
    },
    relu6: {
      bfloat16: { kind: 'no-kernel', reason: `onnxruntime 1.30 CPU has no Clip(13) kernel for bfloat16 (its function body fails type inference on Where), ${NO_BFLOAT16_TENSOR}` },
      int16: { kind: 'no-kernel', reason: 'onnxruntime 1.30 CPU has no Clip(13) kernel for int16, and its function body needs Where(9) for int16, which it lacks' },
    },
  },
  wasm: {
    relu: {
      bfloat16: { kind: 'no-kernel', reason: `the wasm build uses the CPU kernels: no Relu(14) for bfloat16, ${NO_BFLOAT16_TENSOR}` },
      int16: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Relu(14) for int16' },
      int64: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Relu(14) for int64' },
    },
    leakyRelu: {
      bfloat16: { kind: 'no-kernel', reason: `the wasm build uses the CPU kernels: no LeakyRelu(16) for bfloat16, ${NO_BFLOAT16_TENSOR}` },
    },
    relu6: {
      bfloat16: { kind: 'no-kernel', reason: `the wasm build uses the CPU kernels: no Clip(13) for bfloat16, ${NO_BFLOAT16_TENSOR}` },
      int16: { kind: 'no-kernel', reason: 'the wasm build uses the CPU kernels: no Clip(13) for int16' },
    },
  },
  webgl: {
    relu: {
      float64: { kind: 'lossy', reason: 'WebGL computes in float32 textures: float64 inputs are rounded to float32 (0x7fefffffffffffff becomes +Inf)' },
      float16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects FLOAT16 models ('unsupported data type')" },
      bfloat16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects BFLOAT16 models ('unsupported data type')" },
      int32: { kind: 'lossy', reason: 'WebGL computes in float32 textures: int32 beyond 2^24 loses precision (2147483647 becomes -2147483648)' },
      int64: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend reads int64 models as int32 and rejects BigInt64Array inputs" },
    },
    leakyRelu: {
      float64: { kind: 'lossy', reason: 'WebGL computes in float32 textures: float64 inputs are rounded to float32 (0x7fefffffffffffff becomes +Inf)' },
      float16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects FLOAT16 models ('unsupported data type')" },
      bfloat16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects BFLOAT16 models ('unsupported data type')" },
    },
    relu6: {
      float64: { kind: 'lossy', reason: 'WebGL computes in float32 textures: float64 inputs are rounded to float32 (subnormal and tiny normal inputs become +0)' },
      float16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects FLOAT16 models ('unsupported data type')" },
      bfloat16: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend rejects BFLOAT16 models ('unsupported data type')" },
      int64: { kind: 'no-kernel', reason: "onnxruntime-web's WebGL backend reads int64 models as int32 and rejects BigInt64Array inputs" },
    },
  },
  webgpu: {
    relu: {
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
    leakyRelu: {
      float64: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no float64 LeakyRelu; onnxruntime-web would silently run it on the CPU (wasm) EP' },
      float16: {
        kind: 'lossy',
        reason: "without the adapter feature 'shader-f16' the WebGPU LeakyRelu shader fails to compile and the output is all zeros; listed when the adapter has it",
      },
      bfloat16: { kind: 'no-kernel', reason: 'no bfloat16 LeakyRelu kernel or tensor type in onnxruntime-web' },
    },
    relu6: {
      float64: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no float64 Clip; onnxruntime-web would silently run it on the CPU (wasm) EP' },
      float16: {
        kind: 'lossy',
        reason: "without the adapter feature 'shader-f16' the WebGPU Clip shader fails to compile and the output is all zeros; listed when the adapter has it",
      },
      bfloat16: { kind: 'no-kernel', reason: "no bfloat16 Clip kernel in onnxruntime-web, and Clip-13's function body fails type inference on Where" },
      int8: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no int8 Clip; onnxruntime-web would silently run it on the CPU (wasm) EP' },
      int16: { kind: 'no-kernel', reason: 'no int16 Clip kernel in onnxruntime-web (neither WebGPU nor CPU)' },
      int32: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no int32 Clip; onnxruntime-web would silently run it on the CPU (wasm) EP' },
      int64: { kind: 'cpu-fallback', reason: 'the WebGPU EP has no int64 Clip; onnxruntime-web would silently run it on the CPU (wasm) EP' },
    },
  },
};
