import { type Attributes, type BackendOps, DTYPES, type DType, FLOAT_DTYPES, HIGH_WORD, LOW_WORD, type OpName } from '@relu/core';
import { WGSL_LEAKY_RELU } from './leaky-relu.js';
import { WGSL_RELU } from './relu.js';
import { WGSL_RELU6 } from './relu6.js';

/** How the kernel template calls one op: its WGSL text, the function per dtype, its attribute word. */
export interface WgslOp {
  readonly source: string;
  /** The dtypes this package runs the op on. */
  readonly dtypes: readonly DType[];
  /** The WGSL function name for a dtype (its signature as WGSL_RELU documents). */
  readonly functionName: (dtype: DType) => string;
  /** Whether the function takes the attribute as its second argument (a u32, or vec2<u32> for 64-bit dtypes). */
  readonly takesAttribute: boolean;
  /** The attribute's two words (low, high) for a dtype, from the op's checked attributes. */
  readonly attributeWords: (attributes: Attributes, dtype: DType) => AttributeWords;
}

/** An op's attribute as the kernel's uniform holds it: (low, high) words. */
export type AttributeWords = readonly [number, number];

const noAttribute = (): AttributeWords => [0, 0];
const float32Bits = (value: number): AttributeWords => [new Uint32Array(new Float32Array([value]).buffer)[0]!, 0];
const float64Bits = (value: number): AttributeWords => {
  const words = new Uint32Array(new Float64Array([value]).buffer);
  return [words[LOW_WORD]!, words[HIGH_WORD]!];
};

export const WGSL_OPS: Readonly<Record<OpName, WgslOp>> = {
  relu: { source: WGSL_RELU, dtypes: DTYPES, functionName: (d) => `relu_${d}`, takesAttribute: false, attributeWords: noAttribute },
  relu6: { source: WGSL_RELU6, dtypes: DTYPES, functionName: (d) => `relu6_${d}`, takesAttribute: false, attributeWords: noAttribute },
  leakyRelu: {
    source: WGSL_LEAKY_RELU,
    dtypes: FLOAT_DTYPES,
    functionName: (d) => `leaky_relu_${d}`,
    takesAttribute: true,
    // SPEC.md: alpha is the caller's double for float64, its float32 rounding (ONNX's float
    // attribute) for the other dtypes.
    attributeWords: (attributes, dtype) => (dtype === 'float64' ? float64Bits(attributes.alpha!) : float32Bits(attributes.alpha!)),
  },
};

/** What the WebGPU backend declares it runs (ReluBackend.ops). */
export const WEBGPU_OPS: BackendOps = Object.freeze(
  Object.fromEntries(Object.entries(WGSL_OPS).map(([name, op]) => [name, op.dtypes])) as BackendOps,
);
