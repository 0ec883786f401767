import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DTYPES, type DType } from '@relu/core';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { MAX_OPSET, MIN_OPSET, ONNX_ELEMENT_TYPE, decodeModel, irVersionForOpset, reluDTypes, reluModel, reluOperatorVersion } from './model.js';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

const OPSETS = Array.from({ length: MAX_OPSET - MIN_OPSET + 1 }, (_, i) => MIN_OPSET + i);
const SHAPES: (readonly number[] | undefined)[] = [undefined, [0], [1], [7], [2, 3], [8192, 8192]];

function intendedGraph(dtype: DType, opset: number, shape: readonly number[] | undefined) {
  const dim = shape === undefined ? [{ dim_param: 'N', value: 'dim_param' }] : shape.map((d) => ({ dim_value: d, value: 'dim_value' }));
  const valueInfo = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: ONNX_ELEMENT_TYPE[dtype], shape: { dim } }, value: 'tensor_type' },
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

describe('reluModel', () => {
  it('decodes back, with the same protobufjs schema, to the intended one-node graph for every dtype, opset and shape', () => {
    let count = 0;
    for (const opset of OPSETS) {
      for (const dtype of reluDTypes(opset)) {
        for (const shape of SHAPES) {
          const bytes = reluModel({ dtype, opset, ...(shape ? { shape } : {}) });
          expect(bytes).toBeInstanceOf(Uint8Array);
          expect(decodeModel(bytes), `${dtype} opset ${opset} shape ${JSON.stringify(shape)}`).toEqual(intendedGraph(dtype, opset, shape));
          count++;
        }
      }
    }
    expect(count).toBe(SHAPES.length * OPSETS.reduce((sum, opset) => sum + reluDTypes(opset).length, 0));
  });

  it('defaults to opset 14 (Relu-14, IR version 7) and a symbolic dimension', () => {
    const model = decodeModel(reluModel({ dtype: 'int8' })) as ReturnType<typeof intendedGraph>;
    expect(model.opset_import).toEqual([{ domain: '', version: 14 }]);
    expect(model.ir_version).toBe(7);
    expect(model.graph.input[0]!.type.tensor_type.shape.dim).toEqual([{ dim_param: 'N', value: 'dim_param' }]);
  });

  it('allows exactly the element types of the Relu version the opset selects', () => {
    expect(reluOperatorVersion(7)).toBe(6);
    expect(reluOperatorVersion(12)).toBe(6);
    expect(reluOperatorVersion(13)).toBe(13);
    expect(reluOperatorVersion(21)).toBe(14);
    expect(reluDTypes(14)).toEqual(DTYPES);
    expect(reluDTypes(13)).toEqual(['float32', 'float64', 'float16', 'bfloat16']);
    expect(reluDTypes(7)).toEqual(['float32', 'float64', 'float16']);
    expect(() => reluModel({ dtype: 'int8', opset: 13 })).toThrow(/Relu-13 \(opset 13\) does not allow dtype 'int8'.*opset >= 14/);
    expect(() => reluModel({ dtype: 'bfloat16', opset: 12 })).toThrow(RangeError);
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
    expect(() => reluModel({ dtype: 'float32', shape: [3, -1] })).toThrow(/options\.shape\[1\]/);
    expect(() => reluModel({ dtype: 'float32', shape: 3 as never })).toThrow(TypeError);
    expect(() => reluModel({ dtype: 'float32', axis: 0 } as never)).toThrow(/unknown key "axis"/);
  });

  it('is encoded from src/onnx-subset.proto: the committed descriptor is what protobufjs parses from it', () => {
    const proto = readFileSync(fileURLToPath(new URL('./onnx-subset.proto', import.meta.url)), 'utf8');
    const parsed = protobuf.parse(proto, { keepCase: true }).root.toJSON();
    expect(JSON.parse(JSON.stringify(ONNX_DESCRIPTOR))).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('uses the official field numbers: a hand-checked encoding of the smallest model', () => {
    // ModelProto.ir_version is field 1 (varint), opset_import field 8, graph field 7 (onnx.proto).
    const bytes = reluModel({ dtype: 'float32' });
    expect(bytes[0]).toBe((1 << 3) | 0);
    expect(bytes[1]).toBe(7);
    const root = protobuf.parse(readFileSync(fileURLToPath(new URL('./onnx-subset.proto', import.meta.url)), 'utf8'), { keepCase: true }).root;
    const graph = root.lookupType('onnx.ModelProto').decode(bytes).toJSON() as { graph: { node: { op_type: string }[] } };
    expect(graph.graph.node[0]!.op_type).toBe('Relu');
  });

  it('loads and runs in onnxruntime at every opset it writes, symbolic and fixed shapes', async () => {
    const ort = (await import('onnxruntime-node')).default;
    for (const opset of OPSETS) {
      const session = await ort.InferenceSession.create(reluModel({ dtype: 'float32', opset }));
      const out = await session.run({ X: new ort.Tensor('float32', new Float32Array([-1, 2]), [2]) });
      expect([...(out.Y!.data as Float32Array)], `opset ${opset}`).toEqual([0, 2]);
      await session.release();
    }
    const fixed = await ort.InferenceSession.create(reluModel({ dtype: 'int32', shape: [2, 3] }));
    const out = await fixed.run({ X: new ort.Tensor('int32', new Int32Array([-1, 2, -3, 4, -5, 6]), [2, 3]) });
    expect(out.Y!.dims).toEqual([2, 3]);
    expect([...(out.Y!.data as Int32Array)]).toEqual([0, 2, 0, 4, 0, 6]);
    await fixed.release();
  });
});
