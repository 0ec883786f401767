import { type DType, OPS, coreBackend, float16BitsToNumber, roundToFloatBits, wordsOf } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { parseProfile } from './profiles.js';
import { type SweepOptions, sweepSubjects } from './sweep.js';
import { ALL_OPS_FLOAT32, bitsOf, fakeBackend, setBits, subject, TEST_PLACE, TEST_WHERE } from './test-support/fakes.js';

/** The checker checked: the sweep must catch every kind of wrong backend, and only those. */

const QUICK: SweepOptions = { kind: 'quick', seed: 5, dtypes: ['float32'], deadlineMs: 30_000, place: TEST_PLACE };

/** A backend whose relu keeps -0 (onnxruntime CPU's behaviour). */
const keepNegativeZero = fakeBackend((x, y) => {
  for (let i = 0; i < x.length; i++) if (bitsOf(x, i) === 0x80000000) setBits(y, i, 0x80000000);
});

const declare = (deviations: unknown[]) => parseProfile({ name: 'fake', description: '', environment: 'node', adapter: 'none', mode: 'raw', deviations }, 'test');

describe('verdicts', () => {
  it('a conforming backend passes, on every op it declares', async () => {
    const { rows, failures } = await sweepSubjects([subject(fakeBackend(() => {}, ALL_OPS_FLOAT32))], QUICK);
    expect(failures).toEqual([]);
    expect(rows.map((r) => [r.op, r.dtype, r.verdict])).toEqual([
      ['relu', 'float32', 'pass'],
      ['leakyRelu', 'float32', 'pass'],
      ['relu6', 'float32', 'pass'],
    ]);
    expect(rows[1]!.context).toEqual({ op: 'leakyRelu', attributes: { alpha: 0.01 }, dtype: 'float32', ...TEST_WHERE });
  });

  it('a ReLU-only backend (no ops) is checked on ReLU only', async () => {
    const reluOnly = { ...coreBackend, name: 'relu-only', ops: undefined, dtypes: ['float32', 'int8'] as DType[] };
    const { rows } = await sweepSubjects([subject(reluOnly)], { ...QUICK, dtypes: undefined });
    expect(rows.map((r) => `${r.op} ${r.dtype}`)).toEqual(['relu float32', 'relu int8']);
  });

  it('an undeclared deviation fails, naming the class with hex examples', async () => {
    const { rows } = await sweepSubjects([subject(keepNegativeZero)], QUICK);
    const [row] = rows;
    expect(row!.verdict).toBe('FAIL');
    const cell = row!.cells.find((c) => c.class === '-0')!;
    expect(cell).toMatchObject({ verdict: 'FAIL', mismatches: 1 });
    expect(cell.examples).toEqual([{ input: '0x80000000', expected: '0x00000000', actual: '0x80000000' }]);
    expect(row!.cells.filter((c) => c.verdict !== 'pass').map((c) => c.class)).toEqual(['-0']);
  });

  it('a declared deviation with the declared outcome is declared; another outcome still fails', async () => {
    const declared = await sweepSubjects([subject(keepNegativeZero, declare([{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }]))], QUICK);
    expect(declared.rows[0]!.verdict).toBe('declared');
    expect(declared.rows[0]!.declared).toEqual([{ class: '-0', reason: 'keeps the sign of zero', mismatches: 1 }]);
    const wrong = await sweepSubjects([subject(keepNegativeZero, declare([{ dtypes: ['float32'], class: '-0', becomes: 'NaN', reason: 'claims NaN, returns -0' }]))], QUICK);
    expect(wrong.rows[0]!.verdict).toBe('FAIL');
  });

  it('a declared deviation that no longer occurs fails as stale', async () => {
    const { rows } = await sweepSubjects([subject(coreBackend, declare([{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'used to keep -0' }]))], QUICK);
    expect(rows.find((r) => r.op === 'relu')!.cells.find((c) => c.class === '-0')!.verdict).toBe('stale');
    expect(rows.find((r) => r.op === 'relu')!.verdict).toBe('FAIL');
  });

  it('a backend that throws fails with its error, and the others go on', async () => {
    const broken = fakeBackend(() => {
      throw new Error('device lost');
    }, undefined, 'broken');
    const { rows } = await sweepSubjects([subject(broken), subject({ ...coreBackend, ops: { relu: ['float32'] } }, { name: 'core', mode: 'reference' })], QUICK);
    expect(rows.map((r) => [r.name, r.verdict])).toEqual([
      ['broken', 'FAIL'],
      ['core', 'pass'],
    ]);
    expect(rows[0]!.error).toMatch(/device lost/);
  });
});

describe('deviations are keyed by op and scoped by attributes', () => {
  /** Keeps -0 in every op: right for leakyRelu (SPEC keeps -0), wrong for relu and relu6. */
  const keepsNegativeZeroEverywhere = fakeBackend((x, y) => {
    for (let i = 0; i < x.length; i++) if (bitsOf(x, i) === 0x80000000) setBits(y, i, 0x80000000);
  }, { relu: ['float32'], relu6: ['float32'] });

  it('a deviation without "ops" is a ReLU deviation: it does not excuse relu6', async () => {
    const p = declare([{ dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }]);
    const { rows } = await sweepSubjects([subject(keepsNegativeZeroEverywhere, p)], QUICK);
    expect(rows.map((r) => [r.op, r.verdict])).toEqual([
      ['relu', 'declared'],
      ['relu6', 'FAIL'],
    ]);
  });

  it('"ops" names the ops it covers', async () => {
    const p = declare([{ ops: ['relu', 'relu6'], dtypes: ['float32'], class: '-0', becomes: '-0', reason: 'keeps the sign of zero' }]);
    const { rows } = await sweepSubjects([subject(keepsNegativeZeroEverywhere, p)], QUICK);
    expect(rows.map((r) => r.verdict)).toEqual(['declared', 'declared']);
  });

  it('"attributes" limits a deviation to some alphas: outside them it neither excuses nor goes stale', async () => {
    // The product rounded through float64 with the double alpha (what JavaScript loops do).
    const viaDouble = fakeBackend((x, y, call) => {
      const [xs, ys] = [x as Float32Array, y as Float32Array];
      for (let i = 0; i < xs.length; i++) if (xs[i]! < 0) ys[i] = call.attributes.alpha! * xs[i]!;
    }, { leakyRelu: ['float32'] });
    const at = (alpha: number[]) => declare([{ ops: ['leakyRelu'], dtypes: ['float32'], attributes: { alpha }, class: ['-normal', '-subnormal'], becomes: 'float64-arithmetic', reason: 'the double alpha, rounded twice' }]);
    expect((await sweepSubjects([subject(viaDouble, at([0.01]))], QUICK)).rows[0]!.verdict).toBe('declared');
    const elsewhere = (await sweepSubjects([subject(viaDouble, at([0.5]))], QUICK)).rows[0]!;
    expect(elsewhere.verdict).toBe('FAIL');
    expect(elsewhere.cells.find((c) => c.class === '-normal')!.verdict).toBe('FAIL');
  });
});

describe('outcome models are exact', () => {
  const sweepOne = async (backend: ReturnType<typeof fakeBackend>, deviations: unknown[], dtypes: DType[] = ['float32']) =>
    (await sweepSubjects([subject(backend, declare(deviations))], { ...QUICK, dtypes })).rows;

  it('flush-to-zero: a subnormal result becomes a zero of its sign, and nothing else may change', async () => {
    const ftz = fakeBackend((_, y) => {
      for (let i = 0; i < y.length; i++) {
        const b = bitsOf(y, i);
        if ((b & 0x7f800000) === 0 && (b & 0x7fffff) !== 0) setBits(y, i, b & 0x80000000);
      }
    }, { leakyRelu: ['float32'] });
    const deviation = { ops: ['leakyRelu'], dtypes: ['float32'], class: ['-normal', '-subnormal', '+subnormal'], becomes: 'flush-to-zero', reason: 'the GPU flushes subnormal results' };
    expect((await sweepOne(ftz, [deviation]))[0]!.verdict).toBe('declared');
    const ftzAndWrong = fakeBackend((x, y) => {
      for (let i = 0; i < y.length; i++) if ((bitsOf(y, i) & 0x7f800000) === 0) setBits(y, i, 0x80000000);
      setBits(y, 0, bitsOf(x, 0) ^ 1);
    }, { leakyRelu: ['float32'] });
    expect((await sweepOne(ftzAndWrong, [deviation]))[0]!.verdict).toBe('FAIL');
  });

  it('double-rounding: the product rounded to float32 first, then to float16', async () => {
    const twice = fakeBackend((x, y, call) => {
      const alpha = Math.fround(call.attributes.alpha!);
      const [xs, ys] = [wordsOf(x), wordsOf(y)];
      for (let i = 0; i < xs.length; i++) {
        const b = xs[i]!;
        if (b > 0x8000 && b < 0xfc00) {
          const v = -(((b >> 10) & 0x1f) === 0 ? (b & 0x3ff) * 2 ** -24 : (1024 + (b & 0x3ff)) * 2 ** (((b >> 10) & 0x1f) - 25));
          ys[i] = roundToFloatBits(Math.fround(alpha * v), 5, 10);
        }
      }
    }, { leakyRelu: ['float16'] });
    const rows = await sweepOne(twice, [{ ops: ['leakyRelu'], dtypes: ['float16'], class: ['-normal', '-subnormal'], becomes: 'double-rounding', reason: 'computes in float32 and rounds again' }], ['float16']);
    expect(rows[0]!.cells.filter((c) => c.verdict !== 'pass' && c.verdict !== 'declared')).toEqual([]);
    expect(rows[0]!.verdict).toBe('declared');
    expect(rows[0]!.cells.find((c) => c.class === '-subnormal')!.declaredMismatches).toBeGreaterThan(0);
    // Undeclared, the same backend fails: the trap is real at alpha = 0.01.
    expect((await sweepOne(twice, [], ['float16']))[0]!.verdict).toBe('FAIL');
  });

  it('float16-alpha: float16 data scaled by alpha rounded to float16 (a shader constant), rounded once', async () => {
    const halfAlpha = fakeBackend((x, y, call) => {
      const alpha16 = float16BitsToNumber(roundToFloatBits(call.attributes.alpha!, 5, 10));
      OPS.leakyRelu.forward('float16', { alpha: alpha16 }, x, y);
    }, { leakyRelu: ['float16'] });
    const declared = { ops: ['leakyRelu'], dtypes: ['float16'], class: ['-normal', '-subnormal'], becomes: 'float16-alpha', reason: 'a float16 shader constant' };
    expect((await sweepOne(halfAlpha, [declared], ['float16']))[0]!.verdict).toBe('declared');
    // Not the same trap as double rounding: that model does not explain it.
    expect((await sweepOne(halfAlpha, [{ ...declared, becomes: 'double-rounding' }], ['float16']))[0]!.verdict).toBe('FAIL');
  });

  it('float32-alpha: float64 data scaled by float32(alpha) instead of the double', async () => {
    const f32Alpha = fakeBackend((x, y, call) => {
      OPS.leakyRelu.forward('float64', { alpha: Math.fround(call.attributes.alpha!) }, x, y);
    }, { leakyRelu: ['float64'] });
    const rows = await sweepOne(f32Alpha, [{ ops: ['leakyRelu'], dtypes: ['float64'], class: ['-normal', '-subnormal'], becomes: 'float32-alpha', reason: "ONNX's alpha is a float attribute" }], ['float64']);
    expect(rows[0]!.verdict).toBe('declared');
  });

  it('unsigned-zero-product: +0 exactly where a negative x has a zero product in ONNX arithmetic, nothing else', async () => {
    // onnxruntime's double kernel: x >= 0 ? x : 0 + float32(alpha) * x, which turns a -0 product into +0.
    const plusZeroProduct = fakeBackend((x, y, call) => {
      const alpha = Math.fround(call.attributes.alpha!);
      const [xs, ys] = [x as Float64Array, y as Float64Array];
      for (let i = 0; i < xs.length; i++) if (xs[i]! < 0) ys[i] = 0 + alpha * xs[i]!;
    }, { leakyRelu: ['float64'] });
    const declared = [{ ops: ['leakyRelu'], dtypes: ['float64'], class: ['-normal', '-subnormal'], becomes: ['float32-alpha', 'unsigned-zero-product'], reason: 'ONNX alpha, and +0 + -0' }];
    const rows = await sweepOne(plusZeroProduct, declared, ['float64']);
    expect(rows[0]!.verdict).toBe('declared');
    const subnormal = rows[0]!.cells.find((c) => c.class === '-subnormal')!;
    expect(subnormal.examples.some((e) => e.actual === '0x0000000000000000')).toBe(true);
    // float32-alpha alone cannot explain the +0s.
    expect((await sweepOne(plusZeroProduct, [{ ...declared[0], becomes: 'float32-alpha' }], ['float64']))[0]!.verdict).toBe('FAIL');
    // A +0 where the product is not zero is not this outcome.
    const plusZeroEverywhere = fakeBackend((x, y) => {
      for (let i = 0; i < x.length; i++) if ((x as Float64Array)[i]! < 0) (y as Float64Array)[i] = 0;
    }, { leakyRelu: ['float64'] });
    expect((await sweepOne(plusZeroEverywhere, [{ ...declared[0], becomes: 'unsigned-zero-product' }], ['float64']))[0]!.verdict).toBe('FAIL');
  });

  it('"6": relu6 giving 6 for a NaN; a list of outcomes accepts any of them', async () => {
    const nanToSix = fakeBackend((x, y) => {
      for (let i = 0; i < x.length; i++) if ((bitsOf(x, i) & 0x7fffffff) > 0x7f800000) (y as Float32Array)[i] = bitsOf(x, i) >>> 31 ? 0 : 6;
    }, { relu6: ['float32'] });
    expect((await sweepOne(nanToSix, [{ ops: ['relu6'], dtypes: ['float32'], class: ['NaN+', 'NaN-'], becomes: ['6', '+0'], reason: 'min/max with NaN returns a bound' }]))[0]!.verdict).toBe('declared');
    expect((await sweepOne(nanToSix, [{ ops: ['relu6'], dtypes: ['float32'], class: ['NaN+', 'NaN-'], becomes: '6', reason: 'min/max with NaN returns a bound' }]))[0]!.verdict).toBe('FAIL');
  });
});

describe('lockstep', () => {
  it('each subject runs every op it declares on each chunk, once per chunk and op', async () => {
    const calls: string[] = [];
    const counting = fakeBackend((x, _y, call) => void calls.push(`${call.op}:${x.length}`), { relu: ['float32'], relu6: ['float32'] });
    await sweepSubjects([subject(counting), subject({ ...coreBackend, name: 'core2' }, { name: 'core2', mode: 'reference' })], { ...QUICK, chunkElements: 1 << 17 });
    expect(calls.slice(0, 4)).toEqual(['relu:131072', 'relu6:131072', 'relu:131072', 'relu6:131072']);
  });

  it('core in reference mode is checked against the oracles: a wrong "core" fails', async () => {
    const wrongReference = fakeBackend((_, y) => setBits(y, 0, bitsOf(y, 0) ^ 1), ALL_OPS_FLOAT32, 'core');
    const { rows } = await sweepSubjects([subject(wrongReference, { mode: 'reference' })], QUICK);
    expect(rows.every((r) => r.verdict === 'FAIL')).toBe(true);
  });

});
