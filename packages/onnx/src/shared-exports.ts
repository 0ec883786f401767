/** What both builds (Node and browser) export besides onnxBackend. */
export { reluModel, decodeModel, reluModelProto, reluOperatorVersion, reluDTypes, irVersionForOpset, ONNX_ELEMENT_TYPE, MIN_OPSET, MAX_OPSET, type ReluModelOptions } from './model.js';
export { type ExecutionProvider, EXECUTION_PROVIDERS, EP_DTYPES, EXCLUDED_DTYPES, RUNTIME_PACKAGE, WEBGPU_FLOAT16_FEATURE, backendName, type Exclusion, type ExclusionKind } from './capabilities.js';
export { RAW_DEVIATIONS, rawDeviations, type RawDeviation } from './deviations.js';
export { ExecutionProviderUnavailableError } from './errors.js';
export { repairInPlace } from './canonical.js';
export { type OnnxBackendOptions, MAX_FIXED_SESSIONS } from './backend.js';
