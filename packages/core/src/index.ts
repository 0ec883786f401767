export { type DType, type DTypeArrayMap, type Float16ArrayType, type ReluTypedArray, DTYPES, FLOAT_DTYPES, INT_DTYPES, BYTES_PER_ELEMENT, allocate, isDType, isFloatDType } from './dtype.js';
export { relu, reluInto, type ReluOptions } from './relu.js';
export { reluBackward } from './backward.js';
export { type ReluBackend, type RunOptions, UnsupportedDTypeError, BackendDisposedError, checkRunArguments } from './backend.js';
export { coreBackend } from './core-backend.js';
export { SPECIAL_VALUES, type SpecialValue } from './special-values.js';
export { arrayBits, arrayFromBits, bfloat16BitsToNumber, elementBits, elementValue, float16BitsToNumber, isNaNBits } from './bits.js';
export { describeValue } from './errors.js';
