/** What both builds (Node and browser) export besides onnxBackend. */
export {
  opModel,
  opModelProto,
  reluModel,
  reluModelProto,
  decodeModel,
  onnxOperator,
  defaultOpset,
  minOpset,
  irVersionForOpset,
  ONNX_ELEMENT_TYPE,
  MIN_OPSET,
  MAX_OPSET,
  type OnnxOperator,
  type OpModelOptions,
  type ReluModelOptions,
} from './model.js';
export {
  type ExecutionProvider,
  EXECUTION_PROVIDERS,
  EP_OPS,
  EXCLUDED_DTYPES,
  RUNTIME_PACKAGE,
  WEBGPU_FLOAT16_FEATURE,
  WEBGPU_FLOAT16_OPS,
  backendName,
  type Exclusion,
  type ExclusionKind,
} from './capabilities.js';
export { ExecutionProviderUnavailableError, OnnxRuntimeError, type OnnxRuntimeStage } from './errors.js';
export { MAX_CACHED_SESSIONS } from './backend.js';
export type { OnnxBackendOptions } from './options.js';
