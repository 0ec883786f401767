import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OPS, type Op } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { MAX_OPSET, minOpset, onnxOperator, onnxRoot, opModel, opModelProto } from './model.js';

/**
 * The official ONNX checker (Debian's python3-onnx, 1.12, at /usr/bin/python3) on every model
 * opModel writes: every op, every dtype its operator versions allow, every opset the checker knows. Without it the tests are skipped with the reason printed; under CI they
 * fail instead (CI's .ci/run installs python3-onnx). RELU_ONNX_PYTHON overrides the interpreter.
 */
const PYTHON = process.env.RELU_ONNX_PYTHON ?? '/usr/bin/python3';

function checkerSkipReason(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const probe = spawnSync(PYTHON, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} cannot import onnx (apt-get install -y python3-onnx): ${probe.stderr.trim().split('\n').pop()}`;
  return undefined;
}

const skipReason = checkerSkipReason();
if (skipReason && process.env.CI) throw new Error(`CI requires the official ONNX checker, but ${skipReason}`);
if (skipReason) console.warn(`@relu/onnx checker tests skipped: ${skipReason}`);

interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly irVersion: number;
  readonly minIrVersion: number;
}

/** Runs onnx.checker.check_model(full_check=True) on each model in one Python process. */
function check(models: readonly { name: string; bytes: Uint8Array }[]): CheckResult[] {
  const script = `
import json, sys, onnx, onnx.helper
out = []
for m in json.load(sys.stdin):
    model = onnx.load_from_string(bytes.fromhex(m["hex"]))
    r = {"name": m["name"], "irVersion": model.ir_version,
         "minIrVersion": onnx.helper.find_min_ir_version_for(list(model.opset_import))}
    try:
        onnx.checker.check_model(model, full_check=True)
        r["ok"] = True
    except Exception as e:
        r["ok"] = False
        r["error"] = str(e).splitlines()[0]
    out.append(r)
print(json.dumps(out))
`;
  const input = JSON.stringify(models.map((m) => ({ name: m.name, hex: Buffer.from(m.bytes).toString('hex') })));
  const run = spawnSync(PYTHON, ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`the ONNX checker failed to run: ${run.stderr}`);
  return JSON.parse(run.stdout) as CheckResult[];
}

function checkerOpsetLimit(): number {
  const run = spawnSync(PYTHON, ['-c', 'import onnx; print(onnx.defs.onnx_opset_version())'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

describe.skipIf(skipReason !== undefined)('opModel under the official ONNX checker (onnx.checker.check_model, full_check)', () => {
  const ops = Object.values(OPS) as Op[];
  const encode = (proto: Record<string, unknown>) => {
    const type = onnxRoot().lookupType('onnx.ModelProto');
    return type.encode(type.fromObject(proto)).finish();
  };

  it('passes for every op and dtype at its default opset, symbolic and fixed shapes, with the minimal IR version of its opset', () => {
    const models = ops.flatMap((op) =>
      op.dtypes.flatMap((dtype) => [
        { name: `${op.name} ${dtype}`, bytes: opModel({ op, dtype }) },
        { name: `${op.name} ${dtype} shape [2,3]`, bytes: opModel({ op, dtype, shape: [2, 3] }) },
        { name: `${op.name} ${dtype} shape [0]`, bytes: opModel({ op, dtype, shape: [0] }) },
      ]),
    );
    expect(models).toHaveLength(3 * (8 + 4 + 8));
    for (const result of check(models)) {
      expect(result, result.name).toMatchObject({ ok: true });
      expect(result.irVersion, result.name).toBe(result.minIrVersion);
    }
  });

  it('passes at every opset the checker knows, for every op and every dtype that opset allows', () => {
    const limit = checkerOpsetLimit();
    if (limit < MAX_OPSET) console.warn(`the ONNX checker here knows opsets up to ${limit}; opsets ${limit + 1}..${MAX_OPSET} are checked by onnxruntime only (model.test.ts)`);
    const models = ops.flatMap((op) =>
      Array.from({ length: Math.min(limit, MAX_OPSET) - minOpset(op) + 1 }, (_, i) => minOpset(op) + i).flatMap((opset) =>
        onnxOperator(op, opset)!.dtypes.map((dtype) => ({ name: `${op.name} ${dtype} opset ${opset}`, bytes: opModel({ op, dtype, opset }) })),
      ),
    );
    for (const result of check(models)) {
      expect(result, result.name).toMatchObject({ ok: true });
      expect(result.irVersion, result.name).toBe(result.minIrVersion);
    }
  });

  it('passes for leaky ReLU at any finite float32 alpha: negative, zero, above 1, the largest', () => {
    const models = [-2, 0, 1e-45, 5, 3.4028234663852886e38].map((alpha) => ({ name: `alpha ${alpha}`, bytes: opModel({ op: 'leakyRelu', dtype: 'float32', attributes: { alpha } }) }));
    for (const result of check(models)) expect(result, result.name).toMatchObject({ ok: true });
  });

  it('really checks: it rejects a Relu-13 model of int8, an unknown operator, a Clip min of another type and an INT alpha', () => {
    type Proto = {
      graph: {
        input: { type: { tensor_type: { elem_type: number } } }[];
        output: { type: { tensor_type: { elem_type: number } } }[];
        node: { op_type: string; attribute?: { type: number; i?: number; f?: number }[] }[];
        initializer?: { data_type: number; raw_data: Uint8Array }[];
      };
    };
    const int8At13 = opModelProto({ op: 'relu', dtype: 'float32', opset: 13 }) as Proto;
    int8At13.graph.input[0]!.type.tensor_type.elem_type = 3;
    int8At13.graph.output[0]!.type.tensor_type.elem_type = 3;
    const unknownOp = opModelProto({ op: 'relu', dtype: 'float32' }) as Proto;
    unknownOp.graph.node[0]!.op_type = 'Relu2';
    const clipMinOfOtherType = opModelProto({ op: 'relu6', dtype: 'float32' }) as Proto;
    clipMinOfOtherType.graph.initializer![0] = { data_type: 11, raw_data: new Uint8Array(8) } as never;
    Object.assign(clipMinOfOtherType.graph.initializer![0]!, { name: 'min' });
    const intAlpha = opModelProto({ op: 'leakyRelu', dtype: 'float32' }) as Proto;
    intAlpha.graph.node[0]!.attribute = [{ name: 'alpha', type: 2, i: 1 } as never];
    const [a, b, c, d] = check([
      { name: 'int8 at opset 13', bytes: encode(int8At13) },
      { name: 'unknown operator', bytes: encode(unknownOp) },
      { name: 'Clip min float64 for float32 X', bytes: encode(clipMinOfOtherType) },
      { name: 'LeakyRelu alpha as INT', bytes: encode(intAlpha) },
    ]);
    expect(a).toMatchObject({ ok: false });
    expect(a!.error).toMatch(/unsupported type: tensor\(int8\)/);
    expect(b).toMatchObject({ ok: false });
    expect(b!.error).toMatch(/No Op registered for Relu2/);
    expect(c).toMatchObject({ ok: false });
    expect(c!.error).toMatch(/min has inconsistent type tensor\(double\)/);
    expect(d).toMatchObject({ ok: false });
    expect(d!.error).toMatch(/Mismatched attribute type in 'leakyRelu : alpha'/);
  });
});
