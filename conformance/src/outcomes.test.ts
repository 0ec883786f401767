import { arrayFromBits, leakyRelu, wordsOf } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { OutcomeModels } from './outcomes.js';
import { rowContext } from './scope.js';

const where = { environment: 'firefox', engine: 'SpiderMonkey', engineVersion: '153.8.0', tier: 'optimized', gpu: 'llvmpipe' } as const;

describe('outcome models', () => {
  it("neighbouring-float32-alpha: the case measured on llvmpipe (alpha 0xa9e3e2a8 read as 0xa9e3e2a9) holds, two units off does not", () => {
    const alpha = -1.0120143655381608e-13; // exactly float32 0xa9e3e2a8
    const x = arrayFromBits('float32', ['0xc0ab17a5']) as Float32Array;
    const models = new OutcomeModels(rowContext({ op: 'leakyRelu', attributes: { alpha }, dtype: 'float32' }, where as never), x, leakyRelu(x, { alpha }));
    const judged = (bits: string) => {
      const actual = arrayFromBits('float32', [bits]);
      return models.holds(['neighbouring-float32-alpha'], actual, wordsOf(actual), 0);
    };
    expect(wordsOf(leakyRelu(x, { alpha }))[0]).toBe(0x2b184d72); // SPEC.md's result
    expect(judged('0x2b184d73')).toBe(true); // what llvmpipe returned
    expect(judged('0x2b184d75')).toBe(false);
  });
});
