import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DTYPES, type DType, LEAKY_RELU, OPS, OP_NAMES, type Op, RELU, RELU6 } from '@relu/core';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { MAX_OPSET, ONNX_ELEMENT_TYPE, decodeModel, defaultOpset, irVersionForOpset, minOpset, onnxOperator, opModel, reluModel } from './model.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

const opsets = (op: Op) => Array.from({ length: MAX_OPSET - minOpset(op) + 1 }, (_, i) => minOpset(op) + i);
const SHAPES: (readonly number[] | undefined)[] = [undefined, [0], [1], [7], [2, 3], [8192, 8192]];

/**
 * Clip's min (0) and max (6) as TensorProto.raw_data, little-endian, written out by hand from
 * the IEEE formats (6 = 1.5 * 2^2): float32 0x40c00000, float64 0x4018000000000000, float16
 * 0x4600, bfloat16 0x40c0.
 */
const CLIP_BYTES: Readonly<Record<DType, readonly [number[], number[]]>> = {
  float32: [[0, 0, 0, 0], [0x00, 0x00, 0xc0, 0x40]],
  float64: [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0x18, 0x40]],
  float16: [[0, 0], [0x00, 0x46]],
  bfloat16: [[0, 0], [0xc0, 0x40]],
  int8: [[0], [6]],
  int16: [[0, 0], [6, 0]],
  int32: [[0, 0, 0, 0], [6, 0, 0, 0]],
  int64: [[0, 0, 0, 0, 0, 0, 0, 0], [6, 0, 0, 0, 0, 0, 0, 0]],
};

/** The graph each op's model must decode to, written from the ONNX operator docs, not from model.ts. */
function intendedModel(op: Op, dtype: DType, opset: number, shape: readonly number[] | undefined, alpha?: number) {
  const dim = shape === undefined ? [{ dim_param: 'N', value: 'dim_param' }] : shape.map((d) => ({ dim_value: d, value: 'dim_value' }));
  const valueInfo = (name: string) => ({ name, type: { tensor_type: { elem_type: ONNX_ELEMENT_TYPE[dtype], shape: { dim } }, value: 'tensor_type' } });
  const node: Record<string, unknown> = { input: ['X'], output: ['Y'], name: op.name, op_type: { relu: 'Relu', leakyRelu: 'LeakyRelu', relu6: 'Clip' }[op.name], domain: '' };
  const graph: Record<string, unknown> = { name: `${op.name}_${dtype}`, node: [node] };
  if (op === LEAKY_RELU) node.attribute = [{ name: 'alpha', type: 1, f: Math.fround(alpha ?? 0.01) }];
  if (op === RELU6) {
    node.input = ['X', 'min', 'max'];
    // Scalars: rank 0, so no dims at all on the wire.
    graph.initializer = (['min', 'max'] as const).map((name, i) => ({ name, data_type: ONNX_ELEMENT_TYPE[dtype], raw_data: [...CLIP_BYTES[dtype][i]!] }));
  }
  graph.input = [valueInfo('X')];
  graph.output = [valueInfo('Y')];
  return { ir_version: irVersionForOpset(opset), opset_import: [{ domain: '', version: opset }], producer_name: '@relu/onnx', producer_version: '0.1.0', graph };
}

/** decodeModel with raw_data as plain byte lists, for toEqual. */
function decoded(bytes: Uint8Array): Record<string, unknown> {
  const model = decodeModel(bytes) as { graph: { initializer?: { raw_data: Uint8Array }[] } };
  for (const tensor of model.graph.initializer ?? []) (tensor as unknown as { raw_data: number[] }).raw_data = [...tensor.raw_data];
  return model;
}

describe('opModel', () => {
  it('decodes back, with the same protobufjs schema, to the intended one-node graph for every op, opset, allowed dtype and shape', () => {
    let count = 0;
    for (const op of Object.values(OPS) as Op[]) {
      for (const opset of opsets(op)) {
        for (const dtype of onnxOperator(op, opset)!.dtypes) {
          for (const shape of SHAPES) {
            const bytes = opModel({ op: op.name, dtype, opset, ...(shape ? { shape } : {}) });
            expect(decoded(bytes), `${op.name} ${dtype} opset ${opset} shape ${JSON.stringify(shape)}`).toEqual(intendedModel(op, dtype, opset, shape));
            count++;
          }
        }
      }
    }
    // Relu: 6 opsets x 3 dtypes (Relu-6), 1 x 4 (Relu-13), 8 x 8 (Relu-14); LeakyRelu: 9 x 3, 6 x 4; Clip: 1 x 3, 1 x 7, 9 x 8.
    expect(count).toBe(SHAPES.length * (18 + 4 + 64 + 27 + 24 + 3 + 7 + 72));
  });

  it("stores alpha as a FLOAT attribute: the caller's double rounded to float32", () => {
    for (const alpha of [0.01, 0.1, -0.5, 0, 3, 1e-30, 3.4028234663852886e38]) {
      expect(decoded(opModel({ op: 'leakyRelu', attributes: { alpha }, dtype: 'float64' })), String(alpha)).toEqual(intendedModel(LEAKY_RELU, 'float64', 16, undefined, alpha));
    }
    const node = (decodeModel(opModel({ op: LEAKY_RELU, attributes: { alpha: 0.1 }, dtype: 'float32' })) as { graph: { node: { attribute: { f: number }[] }[] } }).graph.node[0]!;
    expect(node.attribute[0]!.f).toBe(0.10000000149011612);
  });

  it("writes each op's newest operator at the lowest opset that has it, with that opset's IR version", () => {
    expect([RELU, LEAKY_RELU, RELU6].map(defaultOpset)).toEqual([14, 16, 13]);
    expect([RELU, LEAKY_RELU, RELU6].map(minOpset)).toEqual([7, 7, 11]);
    expect(onnxOperator(RELU6, 12)).toEqual({ opType: 'Clip', since: 12, dtypes: ['float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64'] });
    expect(onnxOperator(LEAKY_RELU, 15)?.since).toBe(6);
    expect(onnxOperator(RELU6, 10)).toBeUndefined();
    const model = decodeModel(opModel({ op: 'leakyRelu', dtype: 'bfloat16' })) as { ir_version: number; opset_import: unknown };
    expect(model).toMatchObject({ ir_version: 8, opset_import: [{ domain: '', version: 16 }] });
  });

  it('rejects what the operator versions do not allow with a RangeError saying which opset does', () => {
    expect(() => opModel({ op: 'relu6', dtype: 'float32', opset: 10 })).toThrow(/options\.opset must be an integer from 11 to 21 for relu6 \(Clip-11 is the oldest Clip/);
    expect(() => opModel({ op: 'relu6', dtype: 'int8', opset: 11 })).toThrow(/Clip-11 \(opset 11\) does not allow dtype 'int8'.*use opset >= 12/);
    expect(() => opModel({ op: 'relu6', dtype: 'bfloat16', opset: 12 })).toThrow(/Clip-12 .*use opset >= 13/);
    expect(() => opModel({ op: 'leakyRelu', dtype: 'bfloat16', opset: 15 })).toThrow(/LeakyRelu-6 \(opset 15\) does not allow dtype 'bfloat16'.*use opset >= 16/);
    expect(() => opModel({ op: 'relu', dtype: 'int8', opset: 13 })).toThrow(RangeError);
    expect(() => opModel({ op: 'relu', dtype: 'float32', opset: 22 })).toThrow(RangeError);
  });

  it('rejects bad options with TypeError or RangeError naming the option', () => {
    expect(() => opModel(undefined as never)).toThrow(TypeError);
    expect(() => opModel({ dtype: 'float32' } as never)).toThrow(/opModel: options\.op must be/);
    expect(() => opModel({ op: 'gelu', dtype: 'float32' })).toThrow(RangeError);
    expect(() => opModel({ op: 'leakyRelu', dtype: 'int8' })).toThrow(/leakyRelu is not defined on 'int8'/);
    expect(() => opModel({ op: 'leakyRelu', dtype: 'float32', attributes: { alpha: Number.NaN } })).toThrow(/options\.attributes\.alpha/);
    expect(() => opModel({ op: 'leakyRelu', dtype: 'float32', attributes: { alpha: 1e39 } })).toThrow(RangeError);
    expect(() => opModel({ op: 'leakyRelu', dtype: 'float32', attributes: { beta: 1 } })).toThrow(/unknown key "beta"/);
    expect(() => opModel({ op: 'relu6', dtype: 'float32', attributes: { max: 7 } })).toThrow(TypeError);
    expect(() => opModel({ op: 'relu6', dtype: 'float32', shape: [2, -1] })).toThrow(/options\.shape\[1\]/);
  });
});

describe('reluModel', () => {
  it('is the ReLU model: opset 14 (Relu-14, IR version 7) and a symbolic dimension by default', () => {
    expect(decoded(reluModel({ dtype: 'int8' }))).toEqual(intendedModel(RELU, 'int8', 14, undefined));
    for (const dtype of DTYPES) expect(reluModel({ dtype, shape: [3] })).toEqual(opModel({ op: 'relu', dtype, shape: [3] }));
  });

  it('allows exactly the element types of the Relu version the opset selects', () => {
    expect(onnxOperator(RELU, 12)).toEqual({ opType: 'Relu', since: 6, dtypes: ['float32', 'float64', 'float16'] });
    expect(onnxOperator(RELU, 13)?.dtypes).toEqual(['float32', 'float64', 'float16', 'bfloat16']);
    expect(onnxOperator(RELU, 21)?.dtypes).toEqual(DTYPES);
    expect(() => reluModel({ dtype: 'int8', opset: 13 })).toThrow(/Relu-13 \(opset 13\) does not allow dtype 'int8'.*opset >= 14/);
    expect(() => reluModel({ dtype: 'bfloat16', opset: 12 })).toThrow(/use opset >= 13/);
  });

  it('declares the IR version that carries its opset (onnx VERSION_TABLE)', () => {
    expect([6, 8, 9, 10, 11, 12, 14, 15, 18, 19, 20, 21].map(irVersionForOpset)).toEqual([3, 3, 4, 5, 6, 7, 7, 8, 8, 9, 9, 10]);
  });

  it('rejects bad options with TypeError or RangeError naming the option', () => {
    expect(() => reluModel(undefined as never)).toThrow(TypeError);
    expect(() => reluModel({} as never)).toThrow(/options\.dtype/);
    expect(() => reluModel({ dtype: 'uint8' as DType })).toThrow(RangeError);
    expect(() => reluModel({ dtype: 'float32', opset: 6 })).toThrow(/options\.opset must be an integer from 7 to 21/);
    expect(() => reluModel({ dtype: 'float32', opset: 14.5 })).toThrow(RangeError);
    expect(() => reluModel({ dtype: 'float32', opset: '14' as never })).toThrow(TypeError);
    expect(() => reluModel({ dtype: 'float32', shape: 3 as never })).toThrow(TypeError);
    expect(() => reluModel({ dtype: 'float32', op: 'relu6' } as never)).toThrow(/unknown key "op"/);
  });
});

describe('the encoding', () => {
  it('is encoded from src/onnx-subset.proto: the committed descriptor is what protobufjs parses from it', () => {
    const proto = readFileSync(fileURLToPath(new URL('./onnx-subset.proto', import.meta.url)), 'utf8');
    const parsed = protobuf.parse(proto, { keepCase: true }).root.toJSON();
    expect(JSON.parse(JSON.stringify(ONNX_DESCRIPTOR))).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('uses the official field numbers: hand-checked bytes of the smallest model and of an alpha attribute', () => {
    // ModelProto.ir_version is field 1 (varint), opset_import field 8, graph field 7 (onnx.proto).
    const bytes = reluModel({ dtype: 'float32' });
    expect([bytes[0], bytes[1]]).toEqual([(1 << 3) | 0, 7]);
    // AttributeProto: name = 1 (bytes), f = 2 (fixed32, little-endian float32), type = 20 (varint, FLOAT = 1).
    const leaky = Buffer.from(opModel({ op: 'leakyRelu', dtype: 'float32', attributes: { alpha: 0.5 } }));
    const attribute = Buffer.from([(1 << 3) | 2, 5, ...Buffer.from('alpha'), (2 << 3) | 5, 0x00, 0x00, 0x00, 0x3f, 0xa0, 0x01, 1]);
    expect(leaky.includes(attribute)).toBe(true);
  });

  it('loads and runs in onnxruntime at every opset it writes, for every op', async () => {
    const ort = (await import('onnxruntime-node')).default;
    const expected: Record<string, number[]> = { relu: [0, 2, 7], leakyRelu: [-0.5, 2, 7], relu6: [0, 2, 6] };
    for (const name of OP_NAMES) {
      const op = OPS[name] as Op;
      for (const opset of opsets(op)) {
        const session = await ort.InferenceSession.create(opModel({ op, dtype: 'float32', opset, attributes: name === 'leakyRelu' ? { alpha: 0.5 } : undefined }));
        const out = await session.run({ X: new ort.Tensor('float32', new Float32Array([-1, 2, 7]), [3]) });
        expect([...(out.Y!.data as Float32Array)], `${name} opset ${opset}`).toEqual(expected[name]);
        await session.release();
      }
    }
    const fixed = await ort.InferenceSession.create(opModel({ op: 'relu6', dtype: 'int32', shape: [2, 3] }));
    const out = await fixed.run({ X: new ort.Tensor('int32', new Int32Array([-1, 2, -3, 4, -5, 60]), [2, 3]) });
    expect(out.Y!.dims).toEqual([2, 3]);
    expect([...(out.Y!.data as Int32Array)]).toEqual([0, 2, 0, 4, 0, 6]);
    await fixed.release();
  });
});
