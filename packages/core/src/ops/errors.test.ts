import { describe, expect, it } from 'vitest';
import { UnsupportedOpError, checkOpRunArguments, coreBackend, leakyRelu, leakyReluBackward, relu6, relu6Backward } from '../index.js';

describe('leakyRelu and relu6 reject bad input with typed errors naming argument, expectation and actual value', () => {
  it('leakyRelu on an integer dtype is a TypeError naming the op', () => {
    expect(() => leakyRelu(new Int32Array(2))).toThrow(TypeError);
    expect(() => leakyRelu(new Int32Array(2))).toThrow(/leakyRelu: leakyRelu is not defined on 'int32'; it is defined on 'float32', 'float64', 'float16', 'bfloat16'/);
    expect(() => leakyRelu(3n as never)).toThrow(/leakyRelu is not defined on 'int64'/);
    expect(() => leakyReluBackward(new Int8Array(1), new Int8Array(1))).toThrow(/leakyReluBackward: leakyRelu is not defined on 'int8'/);
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a double whose float32 rounding overflows', 3.5e38],
  ])('alpha = %s is a RangeError', (_, alpha) => {
    expect(() => leakyRelu(new Float32Array(1), { alpha })).toThrow(RangeError);
    expect(() => leakyRelu(new Float64Array(1), { alpha })).toThrow(/leakyRelu: options.alpha must be a number whose float32 rounding is finite .*; got the number/);
    expect(() => leakyReluBackward(1, 1, { alpha })).toThrow(/leakyReluBackward: options.alpha must be/);
  });

  it('a non-number alpha is a TypeError; unknown options and relu6 attributes are TypeErrors', () => {
    expect(() => leakyRelu(new Float32Array(1), { alpha: '0.1' as never })).toThrow(/options.alpha must be a number; got a string "0.1"/);
    expect(() => leakyRelu(new Float32Array(1), { alpha: 1n as never })).toThrow(TypeError);
    expect(() => leakyRelu(new Float32Array(1), { slope: 0.1 } as never)).toThrow(/options has an unknown key "slope"; the known keys are dtype, out, alpha/);
    expect(() => relu6(new Float32Array(1), { alpha: 0.1 } as never)).toThrow(/relu6: options has an unknown key "alpha"/);
    expect(() => relu6Backward(new Float32Array(1), new Float64Array(1) as never)).toThrow(/relu6Backward: dy must be a Float32Array like x/);
  });

  it('the backend contract checks op and attributes', async () => {
    await expect(coreBackend.run(new Float32Array(1), { op: 'leakyRelu', attributes: { alpha: NaN } })).rejects.toThrow(/core.run: options.attributes.alpha must be a number whose float32 rounding is finite/);
    await expect(coreBackend.run(new Float32Array(1), { op: 'relu6', attributes: { alpha: 1 } })).rejects.toThrow(/options.attributes has an unknown key "alpha"; it takes none/);
    await expect(coreBackend.run(new Float32Array(1), { op: 'gelu' as never })).rejects.toThrow(RangeError);
    await expect(coreBackend.run(new Float32Array(1), { op: 'gelu' as never })).rejects.toThrow(/core.run: options.op must be one of 'relu', 'leakyRelu', 'relu6'; got "gelu"/);
    await expect(coreBackend.run(new Int16Array(1), { op: 'leakyRelu' })).rejects.toThrow(/core.run: leakyRelu is not defined on 'int16'/);
    const call = () => checkOpRunArguments('demo', { relu: ['float32'] }, new Float32Array(1), { op: 'relu6' });
    expect(call).toThrow(UnsupportedOpError);
    expect(call).toThrow("demo: op 'relu6' is not supported by this backend; it runs 'relu'");
  });

  it('never mutates the input when it throws', () => {
    const x = new Float32Array([-1, 2]);
    expect(() => leakyRelu(x, { out: x, alpha: NaN })).toThrow();
    expect([...x]).toEqual([-1, 2]);
  });
});
