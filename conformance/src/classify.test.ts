import { type DType, OPS, OP_NAMES, RELU, RELU6, wordsOf } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { classifierFor } from './classify.js';
import { classesOf } from './input-classes.js';
import { planSweep } from './sweep-plans.js';

describe('input classes', () => {
  it("are SPEC.md's for ReLU and leakyRelu, and split at relu6's kink 6, named from op.kinks", () => {
    expect(classesOf('float32', RELU)).toEqual(['-Inf', '-normal', '-subnormal', '-0', '+0', '+subnormal', '+normal', '+Inf', 'NaN+', 'NaN-']);
    expect(classesOf('float32', OPS.leakyRelu)).toEqual(classesOf('float32', RELU));
    expect(classesOf('float16', RELU6)).toEqual(['-Inf', '-normal', '-subnormal', '-0', '+0', '+subnormal', '+normal<6', '6', '+normal>6', '+Inf', 'NaN+', 'NaN-']);
    expect(classesOf('int8', RELU6)).toEqual(['negative', 'zero', 'positive<6', '6', 'positive>6']);
  });

  it('derive any kinks: two in one class give the piece between them, a negative one splits the negatives', () => {
    expect(classesOf('int32', { kinks: [0, 2, 6] })).toEqual(['negative', 'zero', 'positive<2', '2', 'positive(2,6)', '6', 'positive>6']);
    expect(classesOf('float32', { kinks: [-1, 0] }).slice(0, 4)).toEqual(['-Inf', '-normal<-1', '-1', '-normal>-1']);
  });
});

describe('classification', () => {
  const narrow: DType[] = ['float16', 'bfloat16', 'int8', 'int16'];
  const kinkSets = [RELU, RELU6, { kinks: [-1, 0, 2, 6] }];
  it.each(narrow)('counting %s classes by interval equals counting element by element, for every kink set', (dtype) => {
    for (const op of kinkSets) {
      const classifier = classifierFor(dtype, op);
      for (const { input, start } of planSweep(dtype, 'exhaustive', { seed: 1, chunkElements: 4096 }).chunks()) {
        const [byRange, byElement] = [classifier.classes.map(() => 0), classifier.classes.map(() => 0)];
        classifier.countRange(start!, input.length, byRange);
        classifier.count(input, wordsOf(input), byElement);
        expect(byRange, `${dtype} kinks ${op.kinks}`).toEqual(byElement);
      }
    }
  });

  it('float32 classes over all 2^32 patterns have the sizes the format implies', () => {
    const classifier = classifierFor('float32', RELU);
    const counts = classifier.classes.map(() => 0);
    classifier.countRange(0, 2 ** 32, counts);
    expect(Object.fromEntries(classifier.classes.map((c, i) => [c, counts[i]]))).toEqual({
      '-Inf': 1,
      '-normal': 254 * 2 ** 23,
      '-subnormal': 2 ** 23 - 1,
      '-0': 1,
      '+0': 1,
      '+subnormal': 2 ** 23 - 1,
      '+normal': 254 * 2 ** 23,
      '+Inf': 1,
      'NaN+': 2 ** 23 - 1,
      'NaN-': 2 ** 23 - 1,
    });
  });

  it("relu6's float32 classes put exactly one pattern (0x40c00000) in '6' and split the positive normals around it", () => {
    const classifier = classifierFor('float32', RELU6);
    const counts = classifier.classes.map(() => 0);
    classifier.countRange(0, 2 ** 32, counts);
    const sizes = Object.fromEntries(classifier.classes.map((c, i) => [c, counts[i]]));
    expect(sizes).toMatchObject({ '+normal<6': 0x40c00000 - 0x00800000, '6': 1, '+normal>6': 0x7f800000 - 0x40c00000 - 1 });
    const x = new Float32Array([6, Math.fround(6 - 2 ** -21), Math.fround(6 + 2 ** -21), -6]);
    expect([0, 1, 2, 3].map((i) => classifier.classes[classifier.classAt(x, wordsOf(x), i)])).toEqual(['6', '+normal<6', '+normal>6', '-normal']);
  });

  it('int64 elements (bigints) are split at kinks too', () => {
    const classifier = classifierFor('int64', RELU6);
    const x = new BigInt64Array([5n, 6n, 7n, -(2n ** 63n), 0n]);
    expect([0, 1, 2, 3, 4].map((i) => classifier.classes[classifier.classAt(x, wordsOf(x), i)])).toEqual(['positive<6', '6', 'positive>6', 'negative', 'zero']);
  });
});

describe('sweep plans', () => {
  it.each(['float32', 'float64', 'int32', 'int64'] as const)('the quick %s plan reaches every input class of every op and is replayable from its seed', (dtype) => {
    const kinks = [...new Set(OP_NAMES.flatMap((op) => OPS[op].kinks))];
    const plan = planSweep(dtype, 'quick', { seed: 7, chunkElements: 1 << 16, kinks });
    const firstRun: string[] = [];
    let seen = 0;
    const counts = new Map(OP_NAMES.map((op) => [op, classifierFor(dtype, OPS[op]).classes.map(() => 0)]));
    for (const { input } of plan.chunks()) {
      for (const op of OP_NAMES) classifierFor(dtype, OPS[op]).count(input, wordsOf(input), counts.get(op)!);
      firstRun.push(String(input[input.length - 1]));
      seen += input.length;
    }
    expect(seen).toBe(plan.total);
    for (const op of OP_NAMES) {
      const classes = classifierFor(dtype, OPS[op]).classes;
      expect(classes.filter((_, i) => counts.get(op)![i] === 0), `${op}: classes with no input`).toEqual([]);
    }
    const replay: string[] = [];
    for (const { input } of plan.chunks()) replay.push(String(input[input.length - 1]));
    expect(replay).toEqual(firstRun);
  });

  it('stratified plans include each kink and its neighbours', () => {
    const plan = planSweep('float32', 'quick', { seed: 1, chunkElements: 1 << 20, kinks: [0, 6] });
    const first = [...plan.chunks()][0]!.input as Float32Array;
    expect([...first.subarray(0, 3)]).toEqual([Math.fround(6 - 2 ** -21), 6, Math.fround(6 + 2 ** -21)]);
  });

  it('the stratified float32 plan has at least 2^24 inputs over all 512 sign x exponent strata', () => {
    const plan = planSweep('float32', 'stratified', { seed: 1, chunkElements: 1 << 22 });
    expect(plan.total).toBeGreaterThanOrEqual(2 ** 24);
    const strata = new Set<number>();
    for (const { input } of plan.chunks()) for (const bits of new Uint32Array(input.buffer, input.byteOffset, input.length)) strata.add(bits >>> 23);
    expect(strata.size).toBe(512);
  });

  it('int32 and int64 strata cover every bit length of both signs, including the minimum', () => {
    const plan = planSweep('int64', 'quick', { seed: 3, chunkElements: 1 << 20 });
    const values: bigint[] = [];
    for (const { input } of plan.chunks()) values.push(...(input as BigInt64Array));
    expect(values).toContain(-(2n ** 63n));
    expect(values).toContain(2n ** 63n - 1n);
    const lengths = new Set(values.map((v) => (v === 0n ? '0' : `${v < 0n ? '-' : '+'}${(v < 0n ? -v : v).toString(2).length}`)));
    // zero, positive bit lengths 1..63, negative bit lengths 1..64 (-2^63 has 64)
    expect(lengths.size).toBe(1 + 63 + 64);
  });
});
