import { type Attributes, type BackendOps, DTYPES, type DType, type OpName } from '@relu/core';
import { GLSL_LEAKY_RELU } from './leaky-relu.js';
import { GLSL_RELU } from './relu.js';
import { GLSL_RELU6 } from './relu6.js';

/** How the kernel template calls one op: its GLSL text, the function per dtype, its attribute word. */
export interface GlslOp {
  readonly source: string;
  /** The dtypes this package runs the op on. */
  readonly dtypes: readonly DType[];
  /** The GLSL function name for a dtype (its signature as GLSL_RELU documents). */
  readonly functionName: (dtype: DType) => string;
  /** Whether the function takes the attribute word as its second argument. */
  readonly takesAttribute: boolean;
  /** The attribute word the kernel passes (a uint uniform), from the op's checked attributes. */
  readonly attributeWord: (attributes: Attributes) => number;
}

const noAttribute = (): number => 0;
const float32Bits = (value: number): number => new Uint32Array(new Float32Array([value]).buffer)[0]!;

export const GLSL_OPS: Readonly<Record<OpName, GlslOp>> = {
  relu: { source: GLSL_RELU, dtypes: DTYPES, functionName: (d) => `relu_${d}`, takesAttribute: false, attributeWord: noAttribute },
  relu6: { source: GLSL_RELU6, dtypes: DTYPES, functionName: (d) => `relu6_${d}`, takesAttribute: false, attributeWord: noAttribute },
  leakyRelu: {
    source: GLSL_LEAKY_RELU,
    // float64 would need the caller's double alpha times a 53-bit significand: a 106-bit product
    // in 16-bit limbs. Not written yet; the backend refuses it with UnsupportedDTypeError.
    dtypes: ['float32', 'float16', 'bfloat16'],
    functionName: (d) => `leaky_relu_${d}`,
    takesAttribute: true,
    // SPEC.md: alpha is rounded to float32 (ONNX's float attribute) for these dtypes.
    attributeWord: (attributes) => float32Bits(attributes.alpha!),
  },
};

/** What the WebGL backend declares it runs (ReluBackend.ops). */
export const WEBGL_OPS: BackendOps = Object.freeze(
  Object.fromEntries(Object.entries(GLSL_OPS).map(([name, op]) => [name, op.dtypes])) as BackendOps,
);
