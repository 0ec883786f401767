import { type DType, DTYPES, isDType } from '@relu/core';
import protobuf from 'protobufjs/light.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

/**
 * The ONNX model of ReLU: one Relu node, input X, output Y, encoded with protobufjs against the
 * trimmed onnx.proto subset in src/onnx-subset.proto (its JSON descriptor, src/onnx-descriptor.ts).
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

/** The Relu operator versions (since-versions) and the element types each allows, from the ONNX operator docs. */
const RELU_VERSIONS: readonly { readonly since: number; readonly dtypes: readonly DType[] }[] = [
  { since: 14, dtypes: ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64'] },
  { since: 13, dtypes: ['float32', 'float64', 'float16', 'bfloat16'] },
  { since: 6, dtypes: ['float32', 'float64', 'float16'] },
];

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
 * The opsets reluModel writes: 7 (the oldest onnxruntime guarantees; opset 7..12 select Relu-6)
 * to 21 (onnxruntime 1.30 runs all of them; the checker in Debian's python3-onnx 1.12 knows <= 17).
 */
export const MIN_OPSET = 7;
export const MAX_OPSET = 21;

export interface ReluModelOptions {
  /** Element type of X and Y. */
  readonly dtype: DType;
  /** Default-domain opset version, an integer in [7, 21] (default 14: Relu-14, the first with integer types). */
  readonly opset?: number;
  /**
   * Fixed dimensions of X and Y (onnxruntime-web's WebGL needs them). Without it, X and Y are 1-D
   * with the symbolic dimension 'N'.
   */
  readonly shape?: readonly number[];
}

/** The Relu operator version an opset resolves to. */
export function reluOperatorVersion(opset: number): number {
  return RELU_VERSIONS.find((v) => v.since <= opset)!.since;
}

/** The dtypes Relu allows at an opset (Relu-14: all eight; Relu-13: floats and bfloat16; Relu-6: floats). */
export function reluDTypes(opset: number): readonly DType[] {
  return RELU_VERSIONS.find((v) => v.since <= opset)!.dtypes;
}

/** The IR version reluModel declares for an opset. */
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

function checkModelOptions(options: unknown): { dtype: DType; opset: number; shape: readonly number[] | undefined } {
  const fn = 'reluModel';
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object { dtype, opset?, shape? }; got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const { dtype, opset = 14, shape } = options as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (key !== 'dtype' && key !== 'opset' && key !== 'shape') throw new TypeError(`${fn}: options has an unknown key ${JSON.stringify(key)}; the known keys are dtype, opset, shape`);
  }
  if (typeof dtype !== 'string') throw new TypeError(`${fn}: options.dtype must be one of ${DTYPE_LIST}; got ${typeof dtype}`);
  if (!isDType(dtype)) throw new RangeError(`${fn}: options.dtype must be one of ${DTYPE_LIST}; got ${JSON.stringify(dtype)}`);
  if (typeof opset !== 'number') throw new TypeError(`${fn}: options.opset must be an integer; got ${typeof opset}`);
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new RangeError(`${fn}: options.opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}; got ${opset}`);
  }
  const allowed = reluDTypes(opset);
  if (!allowed.includes(dtype)) {
    throw new RangeError(
      `${fn}: Relu-${reluOperatorVersion(opset)} (opset ${opset}) does not allow dtype '${dtype}'; it allows ${allowed.map((d) => `'${d}'`).join(', ')} (use opset >= ${dtype === 'bfloat16' ? 13 : 14})`,
    );
  }
  if (shape !== undefined) {
    if (!Array.isArray(shape)) throw new TypeError(`${fn}: options.shape must be an array of dimensions; got ${typeof shape}`);
    shape.forEach((d, i) => {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
        throw new RangeError(`${fn}: options.shape[${i}] must be a non-negative integer; got ${String(d)}`);
      }
    });
  }
  return { dtype, opset, shape: shape as readonly number[] | undefined };
}

/** The ModelProto of reluModel(options) as a plain object (field names as in onnx.proto). */
export function reluModelProto(options: ReluModelOptions): Record<string, unknown> {
  const { dtype, opset, shape } = checkModelOptions(options);
  const dims = shape === undefined ? [{ dim_param: 'N' }] : shape.map((d) => ({ dim_value: d }));
  const valueInfo = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: ONNX_ELEMENT_TYPE[dtype], shape: { dim: dims } } },
  });
  return {
    ir_version: irVersionForOpset(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: '@relu/onnx',
    producer_version: '0.1.0',
    graph: {
      name: `relu_${dtype}`,
      node: [{ input: ['X'], output: ['Y'], name: 'relu', op_type: 'Relu', domain: '' }],
      input: [valueInfo('X')],
      output: [valueInfo('Y')],
    },
  };
}

/**
 * The bytes of an ONNX ModelProto computing Y = Relu(X): element type `dtype`, default-domain
 * `opset` (default 14) and the IR version that goes with it, X and Y 1-D with symbolic dimension
 * 'N', or of fixed `shape`.
 */
export function reluModel(options: ReluModelOptions): Uint8Array {
  const proto = reluModelProto(options);
  const type = modelType();
  return type.encode(type.fromObject(proto)).finish();
}

/**
 * Decodes ModelProto bytes with the same schema, as a plain object: int64 fields as numbers,
 * enums as numbers, absent optional fields omitted. For tests and tools.
 */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelType();
  return type.toObject(type.decode(bytes), { longs: Number, enums: Number, oneofs: true }) as Record<string, unknown>;
}
