import {
  type Attributes,
  BYTES_PER_ELEMENT,
  type DType,
  DTYPES,
  type Op,
  RELU,
  argumentRangeError,
  argumentTypeError,
  checkOptions,
  isDType,
  resolveOp,
  roundToFloatBits,
} from '@relu/core';
import protobuf from 'protobufjs/light.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

/**
 * The ONNX model of one op: a single node of the op's ONNX operator (core's `Op.onnx`: op type,
 * versions and their dtypes, FLOAT attributes, scalar inputs), input X, output Y, encoded with
 * protobufjs against the trimmed onnx.proto subset in src/onnx-subset.proto (its JSON descriptor,
 * src/onnx-descriptor.ts). This file owns every opset and IR version the package writes.
 */

/** TensorProto.DataType of each dtype (fixed by the ONNX IR). */
export const ONNX_ELEMENT_TYPE: Readonly<Record<DType, number>> = {
  float32: 1,
  int8: 3,
  int16: 5,
  int32: 6,
  int64: 7,
  float16: 10,
  float64: 11,
  bfloat16: 16,
};

/** AttributeProto.AttributeType.FLOAT. */
const ATTRIBUTE_FLOAT = 1;

/**
 * The lowest IR version that carries each default-domain opset (onnx/helper.py VERSION_TABLE):
 * a model declares the IR version of its opset, so checkers and runtimes agree on what it means.
 */
const IR_VERSION_OF_OPSET: readonly (readonly [opset: number, ir: number])[] = [
  [6, 3],
  [9, 4],
  [10, 5],
  [11, 6],
  [12, 7],
  [15, 8],
  [19, 9],
  [21, 10],
];

/**
 * The opsets opModel writes: 7 (the oldest onnxruntime guarantees) to 21 (onnxruntime 1.30 runs
 * all of them; the checker in Debian's python3-onnx 1.12 knows <= 17). An op's own range starts at
 * its oldest listed operator version: Relu and LeakyRelu at 7 (Relu-6, LeakyRelu-6), relu6 at 11,
 * because Clip-11 is the first Clip that takes min and max as inputs; Clip-6 (opset 6-10) took
 * them as float attributes and is not written.
 */
export const MIN_OPSET = 7;
export const MAX_OPSET = 21;

export interface OpModelOptions {
  /** The op, by name ('relu' | 'leakyRelu' | 'relu6') or as one of core's OPS descriptors. */
  readonly op: string | Op;
  /** The op's attributes (leakyRelu: { alpha }); omitted ones take the op's defaults. */
  readonly attributes?: Attributes;
  /** Element type of X and Y (and of Clip's min and max). */
  readonly dtype: DType;
  /** Default-domain opset (default: defaultOpset(op), the first with the op's newest operator version). */
  readonly opset?: number;
  /**
   * Fixed dimensions of X and Y (onnxruntime-web's WebGL needs them). Without it, X and Y are 1-D
   * with the symbolic dimension 'N'.
   */
  readonly shape?: readonly number[];
}

export interface ReluModelOptions {
  /** Element type of X and Y. */
  readonly dtype: DType;
  /** Default-domain opset version, an integer in [7, 21] (default 14: Relu-14, the first with integer types). */
  readonly opset?: number;
  /** As OpModelOptions.shape. */
  readonly shape?: readonly number[];
}

/** The ONNX operator an op becomes at an opset: its type, since-version and the dtypes it allows. */
export interface OnnxOperator {
  readonly opType: string;
  readonly since: number;
  readonly dtypes: readonly DType[];
}

/** The operator version of `op` that `opset` selects, or undefined below the op's oldest listed version. */
export function onnxOperator(op: Op, opset: number): OnnxOperator | undefined {
  const version = op.onnx.versions.find((v) => v.since <= opset);
  return version && { opType: op.onnx.opType, since: version.since, dtypes: version.dtypes };
}

/** The opset opModel writes by default: the first that has the op's newest operator version (Relu 14, LeakyRelu 16, Clip 13). */
export function defaultOpset(op: Op): number {
  return Math.max(MIN_OPSET, op.onnx.versions[0]!.since);
}

/** The lowest opset opModel writes for an op (Relu, LeakyRelu: 7; relu6 as Clip with inputs: 11). */
export function minOpset(op: Op): number {
  return Math.max(MIN_OPSET, op.onnx.versions[op.onnx.versions.length - 1]!.since);
}

/** The IR version a model of `opset` declares. */
export function irVersionForOpset(opset: number): number {
  let ir = 3;
  for (const [since, version] of IR_VERSION_OF_OPSET) if (opset >= since) ir = version;
  return ir;
}

let root: protobuf.Root | undefined;

/** The protobufjs Root of the ONNX subset (built once from the JSON descriptor). */
export function onnxRoot(): protobuf.Root {
  return (root ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR as protobuf.INamespace));
}

function modelType(): protobuf.Type {
  return onnxRoot().lookupType('onnx.ModelProto');
}

const DTYPE_LIST = DTYPES.map((d) => `'${d}'`).join(' | ');
const OPTION_KEYS = ['op', 'attributes', 'dtype', 'opset', 'shape'] as const;

interface ModelRequest {
  readonly op: Op;
  readonly attributes: Attributes;
  readonly dtype: DType;
  readonly opset: number;
  readonly operator: OnnxOperator;
  readonly shape: readonly number[] | undefined;
}

function checkModelOptions(fn: string, options: unknown, op: Op | undefined): ModelRequest {
  if (options === undefined) throw argumentTypeError(fn, 'options', `an object { ${op ? '' : 'op, attributes?, '}dtype, opset?, shape? }`, options);
  const given = checkOptions(fn, options, op ? (['dtype', 'opset', 'shape'] as const) : OPTION_KEYS);
  const resolvedOp = op ?? checkOp(fn, (given as { op?: unknown }).op);
  const attributes = resolvedOp.checkAttributes(fn, 'options.attributes', (given as { attributes?: unknown }).attributes) as Attributes;
  const { dtype, opset = defaultOpset(resolvedOp), shape } = given;
  if (typeof dtype !== 'string') throw argumentTypeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, dtype);
  if (!isDType(dtype)) throw argumentRangeError(fn, 'options.dtype', `one of ${DTYPE_LIST}`, JSON.stringify(dtype));
  if (!resolvedOp.dtypes.includes(dtype)) {
    throw new TypeError(`${fn}: ${resolvedOp.name} is not defined on '${dtype}'; it is defined on ${resolvedOp.dtypes.map((d) => `'${d}'`).join(', ')}`);
  }
  if (typeof opset !== 'number') throw argumentTypeError(fn, 'options.opset', 'an integer', opset);
  const low = minOpset(resolvedOp);
  if (!Number.isInteger(opset) || opset < low || opset > MAX_OPSET) {
    const why = low > MIN_OPSET ? ` (${resolvedOp.onnx.opType}-${low} is the oldest ${resolvedOp.onnx.opType} written for ${resolvedOp.name}: older versions take its inputs as attributes)` : '';
    throw argumentRangeError(fn, 'options.opset', `an integer from ${low} to ${MAX_OPSET} for ${resolvedOp.name}${why}`, String(opset));
  }
  const operator = onnxOperator(resolvedOp, opset)!;
  if (!operator.dtypes.includes(dtype)) {
    const since = resolvedOp.onnx.versions.filter((v) => v.dtypes.includes(dtype)).at(-1)?.since;
    throw new RangeError(
      `${fn}: ${operator.opType}-${operator.since} (opset ${opset}) does not allow dtype '${dtype}'; it allows ${operator.dtypes.map((d) => `'${d}'`).join(', ')}${since === undefined ? '' : ` (use opset >= ${since})`}`,
    );
  }
  if (shape !== undefined) {
    if (!Array.isArray(shape)) throw argumentTypeError(fn, 'options.shape', 'an array of dimensions', shape);
    shape.forEach((d: unknown, i) => {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) throw argumentRangeError(fn, `options.shape[${i}]`, 'a non-negative integer', d);
    });
  }
  return { op: resolvedOp, attributes, dtype, opset, operator, shape: shape as readonly number[] | undefined };
}

function checkOp(fn: string, value: unknown): Op {
  if (value === undefined) throw argumentTypeError(fn, 'options.op', "an op name ('relu', 'leakyRelu', 'relu6') or one of the OPS descriptors", value);
  return resolveOp(fn, 'options.op', value);
}

/** One scalar of `dtype` as TensorProto.raw_data: little-endian, 16-bit floats as their bits. */
function scalarBytes(dtype: DType, value: number): Uint8Array {
  const bytes = new Uint8Array(BYTES_PER_ELEMENT[dtype]);
  const view = new DataView(bytes.buffer);
  switch (dtype) {
    case 'float32':
      view.setFloat32(0, value, true);
      break;
    case 'float64':
      view.setFloat64(0, value, true);
      break;
    case 'float16':
      view.setUint16(0, roundToFloatBits(value, 5, 10), true);
      break;
    case 'bfloat16':
      view.setUint16(0, roundToFloatBits(value, 8, 7), true);
      break;
    case 'int8':
      view.setInt8(0, value);
      break;
    case 'int16':
      view.setInt16(0, value, true);
      break;
    case 'int32':
      view.setInt32(0, value, true);
      break;
    case 'int64':
      view.setBigInt64(0, BigInt(value), true);
      break;
  }
  return bytes;
}

function modelProto({ op, attributes, dtype, opset, operator, shape }: ModelRequest): Record<string, unknown> {
  const dims = shape === undefined ? [{ dim_param: 'N' }] : shape.map((d) => ({ dim_value: d }));
  const valueInfo = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: ONNX_ELEMENT_TYPE[dtype], shape: { dim: dims } } },
  });
  const floats = Object.entries(op.onnx.floatAttributes(attributes));
  // Opset >= 11 here (IR >= 6), so initializers need not be listed as graph inputs (IR >= 4).
  const scalars = op.onnx.scalarInputs(attributes);
  const node: Record<string, unknown> = { input: ['X', ...scalars.map((s) => s.name)], output: ['Y'], name: op.name, op_type: operator.opType, domain: '' };
  if (floats.length > 0) node.attribute = floats.map(([name, f]) => ({ name, type: ATTRIBUTE_FLOAT, f }));
  const graph: Record<string, unknown> = { name: `${op.name}_${dtype}`, node: [node] };
  if (scalars.length > 0) {
    graph.initializer = scalars.map(({ name, value }) => ({ name, dims: [], data_type: ONNX_ELEMENT_TYPE[dtype], raw_data: scalarBytes(dtype, value) }));
  }
  graph.input = [valueInfo('X')];
  graph.output = [valueInfo('Y')];
  return {
    ir_version: irVersionForOpset(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: '@relu/onnx',
    producer_version: '0.1.0',
    graph,
  };
}

function encode(proto: Record<string, unknown>): Uint8Array {
  const type = modelType();
  return type.encode(type.fromObject(proto)).finish();
}

/**
 * The ModelProto of opModel(options) as a plain object (field names as in onnx.proto; a FLOAT
 * attribute's `f` as the double given, which encoding rounds to float32).
 */
export function opModelProto(options: OpModelOptions): Record<string, unknown> {
  return modelProto(checkModelOptions('opModel', options, undefined));
}

/**
 * The bytes of an ONNX ModelProto computing Y = op(X): one node of the op's ONNX operator
 * (LeakyRelu with alpha as a FLOAT attribute, i.e. rounded to float32; relu6 as Clip with min 0
 * and max 6 as scalar initializers of X's dtype), element type `dtype`, default-domain `opset`
 * and the IR version that goes with it, X and Y 1-D with symbolic dimension 'N', or of fixed `shape`.
 */
export function opModel(options: OpModelOptions): Uint8Array {
  return encode(opModelProto(options));
}

/** The ModelProto of reluModel(options) as a plain object. */
export function reluModelProto(options: ReluModelOptions): Record<string, unknown> {
  return modelProto(checkModelOptions('reluModel', options, RELU));
}

/** opModel of ReLU: `Y = Relu(X)`, opset 14 (Relu-14) unless told otherwise. */
export function reluModel(options: ReluModelOptions): Uint8Array {
  return encode(reluModelProto(options));
}

/**
 * Decodes ModelProto bytes with the same schema, as a plain object: int64 fields as numbers,
 * enums as numbers, bytes as Uint8Array (Buffer in Node), absent optional fields omitted. For tests and tools.
 */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelType();
  return type.toObject(type.decode(bytes), { longs: Number, enums: Number, oneofs: true }) as Record<string, unknown>;
}
