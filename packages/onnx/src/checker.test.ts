import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type DType } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { MAX_OPSET, MIN_OPSET, onnxRoot, reluDTypes, reluModel, reluModelProto } from './model.js';

/**
 * The official ONNX checker (Debian's python3-onnx, 1.12, at /usr/bin/python3) on every model
 * reluModel writes. Without it the tests are skipped with the reason printed; under CI they
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

describe.skipIf(skipReason !== undefined)('reluModel under the official ONNX checker (onnx.checker.check_model, full_check)', () => {
  it('passes for every dtype Relu-14 allows, symbolic and fixed shapes, with the minimal IR version of its opset', () => {
    const models = (['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64'] as DType[]).flatMap((dtype) => [
      { name: `${dtype} opset 14`, bytes: reluModel({ dtype }) },
      { name: `${dtype} opset 14 shape [2,3]`, bytes: reluModel({ dtype, shape: [2, 3] }) },
      { name: `${dtype} opset 14 shape [0]`, bytes: reluModel({ dtype, shape: [0] }) },
    ]);
    for (const result of check(models)) {
      expect(result, result.name).toMatchObject({ ok: true });
      expect(result.irVersion, result.name).toBe(result.minIrVersion);
    }
  });

  it('passes at every opset the checker knows, for every dtype that opset allows', () => {
    const limit = checkerOpsetLimit();
    const opsets = Array.from({ length: MAX_OPSET - MIN_OPSET + 1 }, (_, i) => MIN_OPSET + i).filter((o) => o <= limit);
    if (limit < MAX_OPSET) console.warn(`the ONNX checker here knows opsets up to ${limit}; opsets ${limit + 1}..${MAX_OPSET} are checked by onnxruntime only (model.test.ts)`);
    const models = opsets.flatMap((opset) => reluDTypes(opset).map((dtype) => ({ name: `${dtype} opset ${opset}`, bytes: reluModel({ dtype, opset }) })));
    for (const result of check(models)) {
      expect(result, result.name).toMatchObject({ ok: true });
      expect(result.irVersion, result.name).toBe(result.minIrVersion);
    }
  });

  it('really checks: it rejects a Relu-13 model of int8 and an unknown operator', () => {
    const type = onnxRoot().lookupType('onnx.ModelProto');
    const encode = (proto: Record<string, unknown>) => type.encode(type.fromObject(proto)).finish();
    const int8At13 = reluModelProto({ dtype: 'float32', opset: 13 }) as { graph: { input: { type: { tensor_type: { elem_type: number } } }[]; output: { type: { tensor_type: { elem_type: number } } }[]; node: { op_type: string }[] } };
    int8At13.graph.input[0]!.type.tensor_type.elem_type = 3;
    int8At13.graph.output[0]!.type.tensor_type.elem_type = 3;
    const unknownOp = reluModelProto({ dtype: 'float32' }) as typeof int8At13;
    unknownOp.graph.node[0]!.op_type = 'Relu2';
    const [a, b] = check([
      { name: 'int8 at opset 13', bytes: encode(int8At13) },
      { name: 'unknown operator', bytes: encode(unknownOp) },
    ]);
    expect(a).toMatchObject({ ok: false });
    expect(a!.error).toMatch(/unsupported type: tensor\(int8\)/);
    expect(b).toMatchObject({ ok: false });
    expect(b!.error).toMatch(/No Op registered for Relu2/);
  });
});
