export { type DType, type DTypeArrayMap, type Float16ArrayType, type ReluTypedArray, DTYPES, FLOAT_DTYPES, INT_DTYPES, BYTES_PER_ELEMENT, DTYPE_ARRAY_CONSTRUCTORS, type DTypeArrayConstructor, allocate, isDType, isFloatDType } from './dtype.js';
export { relu, reluInto, type ReluOptions } from './relu.js';
export { reluBackward } from './backward.js';
export { leakyRelu, leakyReluBackward, type LeakyReluOptions } from './leaky-relu.js';
export { relu6, relu6Backward } from './relu6.js';
export { type Attributes, type OnnxMapping, type Op, type OpAttributeMap, type OpName } from './op.js';
export { LEAKY_RELU, OPS, OP_NAMES, RELU, RELU6, isOpName, resolveOp } from './ops/index.js';
export { roundToFloatBits } from './kernels/round-to-float-bits.js';
export { type FloatFormat, FLOAT_FORMATS, exponentBias, floatFormat, topWordBits } from './float-formats.js';
export {
  type BackendOps,
  type CheckedRun,
  type ReluBackend,
  type RunCall,
  type RunOptions,
  UnsupportedDTypeError,
  UnsupportedOpError,
  BackendDisposedError,
  backendOps,
  checkOpRunArguments,
  checkRun,
  checkRunArguments,
} from './backend.js';
export { coreBackend } from './core-backend.js';
export { SPECIAL_VALUES, type SpecialValue } from './special-values.js';
export { arrayBits, arrayFromBits, bfloat16BitsToNumber, elementBits, elementValue, float16BitsToNumber, isNaNBits } from './bits.js';
export { argumentRangeError, argumentTypeError, describeValue } from './errors.js';
export { type CheckedArray, checkOptions, checkTypedArray } from './operand.js';
export { type ArrayKind, arrayKindOf, intrinsicBitsView, intrinsicView, sameTypeArray, typedArrayName } from './typed-arrays.js';
export { copyElements } from './scratch.js';
export { prng } from './prng.js';
export { type BitMismatch, type WordView, HIGH_WORD, LOW_WORD, bitMismatches, everyPattern, isNaNWord, randomBits, sameBitsAt, wordsOf, wordsPerElement } from './bit-compare.js';
