import { describe, expect, it } from 'vitest';
import { relu } from './index.js';

/**
 * Every 8- and 16-bit pattern against an oracle written from SPEC.md by reading the format's
 * fields directly: NaN (all-ones exponent, non-zero fraction) stays NaN, any other pattern with
 * the sign bit set becomes +0, everything else is returned unchanged.
 */
function float16FormatOracle(bits: number, exponentBits: number, fractionBits: number): number | 'NaN' {
  const sign = bits >> 15;
  const exponent = (bits >> fractionBits) & ((1 << exponentBits) - 1);
  const fraction = bits & ((1 << fractionBits) - 1);
  if (exponent === (1 << exponentBits) - 1 && fraction !== 0) return 'NaN';
  return sign === 1 ? 0 : bits;
}

function isNaNPattern(bits: number, exponentBits: number, fractionBits: number): boolean {
  return float16FormatOracle(bits, exponentBits, fractionBits) === 'NaN';
}

const allPatterns = Uint16Array.from({ length: 65536 }, (_, i) => i);

describe.each([
  { dtype: 'float16' as const, exponentBits: 5, fractionBits: 10 },
  { dtype: 'bfloat16' as const, exponentBits: 8, fractionBits: 7 },
])('all 65,536 $dtype patterns', ({ dtype, exponentBits, fractionBits }) => {
  it('match the field-reading oracle', () => {
    const y = relu(allPatterns, { dtype });
    const wrong: string[] = [];
    for (let bits = 0; bits < 65536; bits++) {
      const want = float16FormatOracle(bits, exponentBits, fractionBits);
      const ok = want === 'NaN' ? isNaNPattern(y[bits]!, exponentBits, fractionBits) : y[bits] === want;
      if (!ok) wrong.push(`0x${bits.toString(16)} -> 0x${y[bits]!.toString(16)} (expected ${want === 'NaN' ? 'NaN' : `0x${want.toString(16)}`})`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('cover the counts SPEC.md implies: 2 * (2^fraction - 1) NaNs, 32768 sign-set patterns', () => {
    const y = relu(allPatterns, { dtype });
    const nanCount = y.filter((bits) => isNaNPattern(bits, exponentBits, fractionBits)).length;
    const zeroCount = y.filter((bits) => bits === 0).length;
    expect(nanCount).toBe(2 * (2 ** fractionBits - 1));
    expect(zeroCount).toBe(1 + 32768 - (2 ** fractionBits - 1));
  });
});

describe('all int16 and int8 values', () => {
  it('all 65,536 int16 values give max(0, x)', () => {
    const x = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const y = relu(x);
    const wrong = [...x].filter((v, i) => y[i] !== Math.max(0, v));
    expect(wrong).toEqual([]);
  });

  it('all 256 int8 values give max(0, x)', () => {
    const x = Int8Array.from({ length: 256 }, (_, i) => i - 128);
    const y = relu(x);
    expect([...y]).toEqual([...x].map((v) => Math.max(0, v)));
  });
});
