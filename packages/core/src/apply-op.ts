import { type DType, type ReluTypedArray } from './dtype.js';
import type { Op, OpAttributeMap, OpName } from './op.js';
import { checkCompanion, checkDTypeOption, checkOptions, overlapsPartially, resolveOperand, type Operand } from './operand.js';
import { sameTypeArray } from './views.js';

/**
 * The public functions of every op (leakyRelu(), relu6(), their backward forms) are this one
 * function over the op's descriptor: arguments checked once, numbers and number[] as float64,
 * bigints as int64, typed arrays into a new array or options.out.
 */
function splitOptions<N extends OpName>(fn: string, op: Op<N>, options: unknown): { dtype: DType | undefined; out: unknown; attributes: OpAttributeMap[N] } {
  const attributeKeys = Object.keys(op.defaults);
  const opts = checkOptions(fn, options, ['dtype', 'out', ...attributeKeys]);
  const attributes: Record<string, unknown> = {};
  for (const key of attributeKeys) if (opts[key] !== undefined) attributes[key] = opts[key];
  return { dtype: checkDTypeOption(fn, opts.dtype), out: opts.out, attributes: op.checkAttributes(fn, 'options', attributes) };
}

function checkOpDType(fn: string, op: Op, dtype: DType): void {
  if (!op.dtypes.includes(dtype)) {
    throw new TypeError(`${fn}: ${op.name} is not defined on '${dtype}'; it is defined on ${op.dtypes.map((d) => `'${d}'`).join(', ')}`);
  }
}

function dtypeOf(operand: Operand): DType {
  return operand.kind === 'typed' ? operand.dtype : operand.kind === 'bigint' ? 'int64' : 'float64';
}

export function applyForward<N extends OpName>(fn: string, op: Op<N>, x: unknown, options: unknown): unknown {
  const { dtype, out, attributes } = splitOptions(fn, op, options);
  const operand = resolveOperand(fn, 'x', x, dtype);
  checkOpDType(fn, op, dtypeOf(operand));
  if (operand.kind === 'number' || operand.kind === 'bigint') {
    if (out !== undefined) throw new TypeError(`${fn}: options.out is for array inputs; x is a ${operand.kind}`);
    const box = operand.kind === 'number' ? Float64Array.of(operand.value) : BigInt64Array.of(operand.value);
    op.forward(dtypeOf(operand), attributes, box, box);
    return box[0];
  }
  if (out !== undefined) checkCompanion(fn, 'options.out', out, operand, 'x');
  if (operand.kind === 'number[]') {
    const result = Float64Array.from(operand.value);
    op.forward('float64', attributes, result, result);
    const dst = (out as number[] | undefined) ?? [];
    for (let i = 0; i < result.length; i++) dst[i] = result[i]!;
    return dst;
  }
  const dst = (out as ReluTypedArray | undefined) ?? sameTypeArray(operand.value);
  const src = overlapsPartially(operand.value, dst) ? operand.value.slice() : operand.value;
  op.forward(operand.dtype, attributes, src, dst);
  return dst;
}

export function applyBackward<N extends OpName>(fn: string, op: Op<N>, x: unknown, dy: unknown, options: unknown): unknown {
  const { dtype, out, attributes } = splitOptions(fn, op, options);
  const operand = resolveOperand(fn, 'x', x, dtype);
  checkOpDType(fn, op, dtypeOf(operand));
  if (operand.kind === 'number' || operand.kind === 'bigint') {
    if (out !== undefined) throw new TypeError(`${fn}: options.out is for array inputs; x is a ${operand.kind}`);
    if (typeof dy !== operand.kind) throw new TypeError(`${fn}: dy must be a ${operand.kind} like x; got ${typeof dy}`);
    const xs = operand.kind === 'number' ? Float64Array.of(operand.value) : BigInt64Array.of(operand.value);
    const dys = operand.kind === 'number' ? Float64Array.of(dy as number) : BigInt64Array.of(dy as bigint);
    op.backward(dtypeOf(operand), attributes, xs, dys, dys);
    return dys[0];
  }
  checkCompanion(fn, 'dy', dy, operand, 'x');
  if (out !== undefined) checkCompanion(fn, 'options.out', out, operand, 'x');
  if (operand.kind === 'number[]') {
    resolveOperand(fn, 'dy', dy, undefined);
    const xs = Float64Array.from(operand.value);
    const dys = Float64Array.from(dy as readonly number[]);
    op.backward('float64', attributes, xs, dys, dys);
    const dst = (out as number[] | undefined) ?? [];
    for (let i = 0; i < dys.length; i++) dst[i] = dys[i]!;
    return dst;
  }
  const dyArray = dy as ReluTypedArray;
  const dst = (out as ReluTypedArray | undefined) ?? sameTypeArray(operand.value);
  const xSrc = overlapsPartially(operand.value, dst) ? operand.value.slice() : operand.value;
  const dySrc = overlapsPartially(dyArray, dst) ? dyArray.slice() : dyArray;
  op.backward(operand.dtype, attributes, xSrc, dySrc, dst);
  return dst;
}
