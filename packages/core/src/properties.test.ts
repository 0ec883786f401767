import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relu } from './index.js';
import { float32ArrayOfAnyBits, float32ViewWithOffset, float64ArrayOfAnyBits } from './test-support/arbitraries.js';

const bitsOf = (a: Float32Array | Float64Array) => (a instanceof Float32Array ? [...new Uint32Array(a.buffer, a.byteOffset, a.length)] : [...new BigUint64Array(a.buffer, a.byteOffset, a.length)]);

describe.each([
  { dtype: 'float32', arrays: float32ArrayOfAnyBits as fc.Arbitrary<Float32Array | Float64Array> },
  { dtype: 'float64', arrays: float64ArrayOfAnyBits as fc.Arbitrary<Float32Array | Float64Array> },
])('SPEC.md properties of relu on $dtype', ({ arrays }) => {
  it('is idempotent, bit for bit', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        expect(bitsOf(relu(relu(x)))).toEqual(bitsOf(relu(x)));
      }),
    );
  });

  it('never returns a negative number or -0', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        for (const y of relu(x)) if (!Number.isNaN(y)) expect(y > 0 || Object.is(y, 0)).toBe(true);
      }),
    );
  });

  it('returns NaN exactly where the input is NaN', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        expect([...relu(x)].map(Number.isNaN)).toEqual([...x].map(Number.isNaN));
      }),
    );
  });

  it('splits finite x into parts: relu(x) + relu(-x) = |x| and relu(x) - relu(-x) = x', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        const finite = x.filter(Number.isFinite);
        const negated = finite.map((v) => -v);
        const [positive, negative] = [relu(finite), relu(negated)];
        finite.forEach((v, i) => {
          expect(positive[i]! + negative[i]!).toBe(Math.abs(v));
          expect(positive[i]! - negative[i]! === v).toBe(true);
        });
      }),
    );
  });

  it('is monotone: x <= y implies relu(x) <= relu(y)', () => {
    fc.assert(
      fc.property(arrays, arrays, (a, b) => {
        const n = Math.min(a.length, b.length);
        const [ra, rb] = [relu(a), relu(b)];
        for (let i = 0; i < n; i++) {
          if (a[i]! <= b[i]!) expect(ra[i]! <= rb[i]!).toBe(true);
        }
      }),
    );
  });

  it('is positively homogeneous for powers of two where scaling is exact', () => {
    fc.assert(
      fc.property(arrays, fc.integer({ min: -30, max: 30 }), (x, k) => {
        const scale = 2 ** k;
        const Constructor = x.constructor as new (values: number[]) => Float32Array | Float64Array;
        const scaled = new Constructor([...x].map((v) => v * scale));
        const exact = [...scaled].map((v, i) => v / scale === x[i]);
        const [left, right] = [relu(scaled), relu(x)];
        exact.forEach((isExact, i) => {
          if (isExact) expect(left[i]).toBe(right[i]! * scale);
        });
      }),
    );
  });

  it('never modifies its input', () => {
    fc.assert(
      fc.property(arrays, (x) => {
        const before = bitsOf(x);
        relu(x);
        expect(bitsOf(x)).toEqual(before);
      }),
    );
  });
});

describe('relu output forms agree with the plain form', () => {
  it('options.out, in place and subarray views give the same bits as relu(x)', () => {
    fc.assert(
      fc.property(float32ViewWithOffset, ({ whole, view }) => {
        const plain = bitsOf(relu(view.slice()));
        const untouchedBefore = [...new Uint32Array(whole.buffer)];
        expect(bitsOf(relu(view))).toEqual(plain);
        expect([...new Uint32Array(whole.buffer)]).toEqual(untouchedBefore);

        const out = new Float32Array(view.length);
        expect(relu(view, { out })).toBe(out);
        expect(bitsOf(out)).toEqual(plain);

        const inPlace = view;
        const start = view.byteOffset / 4;
        expect(relu(inPlace, { out: inPlace })).toBe(inPlace);
        expect(bitsOf(inPlace)).toEqual(plain);
        // Elements outside the view are never touched.
        const after = new Uint32Array(whole.buffer);
        untouchedBefore.forEach((bits, i) => {
          if (i < start || i >= start + view.length) expect(after[i]).toBe(bits);
        });
      }),
    );
  });

  it('an out that partially overlaps x still gives the plain result', () => {
    fc.assert(
      fc.property(float32ArrayOfAnyBits, fc.integer({ min: 1, max: 3 }), fc.boolean(), (values, shift, outAfter) => {
        fc.pre(values.length > 0);
        const buffer = new Float32Array(values.length + shift);
        const x = buffer.subarray(outAfter ? 0 : shift, (outAfter ? 0 : shift) + values.length);
        x.set(values);
        const out = buffer.subarray(outAfter ? shift : 0, (outAfter ? shift : 0) + values.length);
        const expected = bitsOf(relu(values));
        relu(x, { out });
        expect(bitsOf(out)).toEqual(expected);
      }),
    );
  });
});
