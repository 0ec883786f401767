import type { DType, ReluTypedArray } from './dtype.js';
import type { SpecialValue } from './special-values.js';

/**
 * An op is a value: everything the repository knows about one activation function lives in its
 * descriptor (this interface), and every layer (backends, the conformance suite, the bench, the
 * report, the ONNX model builder) reads it from there instead of hard-wiring ReLU. Adding an op is
 * one descriptor under src/ops/, its kernels, and its section of SPEC.md.
 */
export type OpName = 'relu' | 'leakyRelu' | 'relu6';

/** The attributes of each op, with every default filled in (what kernels receive). */
export interface OpAttributeMap {
  relu: Readonly<Record<never, never>>;
  leakyRelu: { readonly alpha: number };
  relu6: Readonly<Record<never, never>>;
}

/** An op's attributes as plain numbers: what crosses a page or process boundary. */
export type Attributes = Readonly<Record<string, number>>;

/** How an op becomes one ONNX node (ai.onnx domain). */
export interface OnnxMapping {
  /** The node's op_type. */
  readonly opType: string;
  /** Operator versions (since-version), newest first, and the dtypes each allows (ONNX operator docs). */
  readonly versions: readonly { readonly since: number; readonly dtypes: readonly DType[] }[];
  /** The node's float attributes (AttributeProto FLOAT), from the op's attributes. */
  floatAttributes(attributes: Attributes): Readonly<Record<string, number>>;
  /**
   * Extra inputs after X, in order, each a scalar of X's dtype stored as an initializer (Clip's
   * min and max).
   */
  scalarInputs(attributes: Attributes): readonly { readonly name: string; readonly value: number }[];
}

export interface Op<N extends OpName = OpName> {
  readonly name: N;
  /** One line for reports and error messages. */
  readonly summary: string;
  /** The dtypes the op is defined on (SPEC.md); every other dtype is a TypeError naming the op. */
  readonly dtypes: readonly DType[];
  /** Every attribute with its default. */
  readonly defaults: OpAttributeMap[N];
  /**
   * The inputs where the op's piecewise definition changes, ascending (0 for every op here; 6 for
   * relu6). The conformance suite splits its input classes there.
   */
  readonly kinks: readonly number[];
  /**
   * Validates a caller's attributes (undefined, or an object with only this op's keys) and returns
   * them with the defaults filled in; a TypeError or RangeError names `${fn}: ${argument}.<key>`.
   */
  checkAttributes(fn: string, argument: string, value: unknown): OpAttributeMap[N];
  /** The reference forward kernel: `src` into `dst`, same type and length, not partially overlapping. */
  forward(dtype: DType, attributes: OpAttributeMap[N], src: ReluTypedArray, dst: ReluTypedArray): void;
  /** The reference gradient: dx from the forward input x and the upstream gradient dy (same type and length). */
  backward(dtype: DType, attributes: OpAttributeMap[N], x: ReluTypedArray, dy: ReluTypedArray, dx: ReluTypedArray): void;
  /**
   * The special values of each dtype with the results SPEC.md requires at the default attributes,
   * written by hand from SPEC.md, never computed by an implementation ('NaN' accepts any NaN).
   */
  readonly specialValues: Readonly<Partial<Record<DType, readonly SpecialValue[]>>>;
  /**
   * Canonical repair: makes `y`, what a runtime computed for `x`, the op's SPEC.md result bit for
   * bit, writing only the elements that differ (a NaN the runtime produced for a NaN result is kept;
   * integer results, which have no NaN, may be written whole). x and y are plain arrays of the
   * dtype's width and one length that do not share memory. No allocation grows with the length.
   */
  repair(dtype: DType, attributes: OpAttributeMap[N], x: ReluTypedArray, y: ReluTypedArray): void;
  readonly onnx: OnnxMapping;
}
