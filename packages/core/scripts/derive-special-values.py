#!/usr/bin/env python3
"""
Derives the expected bits of the leakyRelu and relu6 special values (src/ops/*-special-values.ts)
from SPEC.md alone, with exact rational arithmetic (fractions) and the formats' fields (struct for
float32/float64), sharing nothing with the TypeScript kernels. Run it to re-check the tables:

    python3 packages/core/scripts/derive-special-values.py

It prints each table's rows (label, input bits, expected bits) and, for float16 and bfloat16,
searches every negative pattern for the inputs where rounding alpha * x through float32 first
gives another answer than rounding it once (the double-rounding trap of SPEC.md section 3).
"""
from fractions import Fraction
import struct

FORMATS = {
    # name: (exponent bits, fraction bits, hex digits)
    'float64': (11, 52, 16),
    'float32': (8, 23, 8),
    'float16': (5, 10, 4),
    'bfloat16': (8, 7, 4),
}


def decode(fmt, bits):
    """The exact value of a bit pattern: a Fraction, +-inf as strings, or 'NaN'."""
    e_bits, f_bits, _ = FORMATS[fmt]
    sign = -1 if bits >> (e_bits + f_bits) else 1
    exponent = (bits >> f_bits) & ((1 << e_bits) - 1)
    fraction = bits & ((1 << f_bits) - 1)
    bias = (1 << (e_bits - 1)) - 1
    if exponent == (1 << e_bits) - 1:
        return 'NaN' if fraction else ('-inf' if sign < 0 else '+inf')
    if exponent == 0:
        return sign * Fraction(fraction, 1 << f_bits) * Fraction(2) ** (1 - bias), sign
    return sign * (1 + Fraction(fraction, 1 << f_bits)) * Fraction(2) ** (exponent - bias), sign


def encode(fmt, value, negative):
    """Round an exact Fraction to the format, nearest, ties to even, gradual underflow, overflow
    to infinity; `negative` gives the sign of a zero result."""
    e_bits, f_bits, _ = FORMATS[fmt]
    bias = (1 << (e_bits - 1)) - 1
    sign_bit = 1 << (e_bits + f_bits)
    inf = ((1 << e_bits) - 1) << f_bits
    sign = sign_bit if (value < 0 or (value == 0 and negative)) else 0
    m = abs(value)
    if m == 0:
        return sign
    exponent = 1 - bias  # the subnormal exponent unless m is larger
    while m >= Fraction(2) ** (exponent + 1):
        exponent += 1
    scaled = m / Fraction(2) ** (exponent - f_bits)  # in [0, 2^(f_bits+1))
    q, r = divmod(scaled.numerator, scaled.denominator)
    rest = Fraction(r, scaled.denominator)
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and q % 2 == 1):
        q += 1
    if q < (1 << f_bits):
        return sign | q
    biased = exponent + bias
    if q == (2 << f_bits):
        q = 1 << f_bits
        biased += 1
    if biased >= (1 << e_bits) - 1:
        return sign | inf
    return sign | (biased << f_bits) | (q - (1 << f_bits))


def hexbits(fmt, bits):
    return '0x' + format(bits, '0%dx' % FORMATS[fmt][2])


def float32_of_double(x):
    return Fraction(struct.unpack('<f', struct.pack('<f', x))[0])


ALPHA_DOUBLE = Fraction(0.01)            # float64 inputs: the caller's double
ALPHA_FLOAT = float32_of_double(0.01)    # every other dtype: its float32 rounding (ONNX's float)


def leaky(fmt, bits):
    value = decode(fmt, bits)
    if value == 'NaN':
        return 'NaN'
    alpha = ALPHA_DOUBLE if fmt == 'float64' else ALPHA_FLOAT
    if value == '-inf':
        return hexbits(fmt, encode(fmt, Fraction(0), True) | (((1 << FORMATS[fmt][0]) - 1) << FORMATS[fmt][1]))
    if value == '+inf':
        return hexbits(fmt, bits)
    v, sign = value
    if v < 0:
        return hexbits(fmt, encode(fmt, alpha * v, True))
    return hexbits(fmt, bits)  # +0, -0 and positives: x itself


def relu6(fmt, bits):
    value = decode(fmt, bits)
    if value == 'NaN':
        return 'NaN'
    six = encode(fmt, Fraction(6), False)
    if value == '-inf':
        return hexbits(fmt, 0)
    if value == '+inf':
        return hexbits(fmt, six)
    v, _ = value
    if v <= 0:
        return hexbits(fmt, 0)  # -0 too
    return hexbits(fmt, six if v >= 6 else bits)


def double_rounding_traps(fmt):
    """Negative patterns where float16/bfloat16(float32(alpha * x)) != float16/bfloat16(alpha * x)."""
    found = []
    for bits in range(0x8001, 1 << 16):
        value = decode(fmt, bits)
        if not isinstance(value, tuple):
            continue
        exact = ALPHA_FLOAT * value[0]
        once = encode(fmt, exact, True)
        via32 = encode(fmt, decode('float32', encode('float32', exact, True))[0], True)
        if once != via32:
            found.append((hexbits(fmt, bits), hexbits(fmt, once), hexbits(fmt, via32)))
    return found


def is_tie(fmt, bits):
    """True when alpha * x lies exactly halfway between two neighbours of the format."""
    e_bits, f_bits, _ = FORMATS[fmt]
    v = decode(fmt, bits)[0]
    p = abs((ALPHA_DOUBLE if fmt == 'float64' else ALPHA_FLOAT) * v)
    exponent = 1 - ((1 << (e_bits - 1)) - 1)
    while p >= Fraction(2) ** (exponent + 1):
        exponent += 1
    return (p / Fraction(2) ** (exponent - f_bits)).denominator == 2


INPUTS = {
    'float32': ['0x00000000', '0x80000000', '0x3f800000', '0xbf800000', '0x00000001', '0x80000001', '0x007fffff', '0x807fffff',
                '0x00800000', '0x80800000', '0x7f7fffff', '0xff7fffff', '0x7f800000', '0xff800000', '0x7fc00000', '0x7fc00001',
                '0xffc00000', '0x7f800001', '0xff800001', '0xffffffff', '0xc1200000', '0xc0a00000', '0x40a00000', '0x41200000',
                '0xc2c80000', '0x80000064', '0x80000032', '0x83000000', '0xbfa00000', '0x40c00000', '0x40bfffff', '0x40c00001', '0xc0c00000'],
    'float64': ['0x0000000000000000', '0x8000000000000000', '0x3ff0000000000000', '0xbff0000000000000', '0x0000000000000001',
                '0x8000000000000001', '0x000fffffffffffff', '0x800fffffffffffff', '0x0010000000000000', '0x8010000000000000',
                '0x7fefffffffffffff', '0xffefffffffffffff', '0x7ff0000000000000', '0xfff0000000000000', '0x7ff8000000000000',
                '0x7ff8000000000001', '0xfff8000000000000', '0x7ff0000000000001', '0xfff0000000000001', '0xfff0000100000000',
                '0xffffffffffffffff', '0xc024000000000000', '0xc014000000000000', '0x4014000000000000', '0x4024000000000000',
                '0xc059000000000000', '0x8000000000000064', '0x4018000000000000', '0x4017ffffffffffff', '0x4018000000000001',
                '0xc018000000000000'],
    'float16': ['0x0000', '0x8000', '0x3c00', '0xbc00', '0x0001', '0x8001', '0x03ff', '0x83ff', '0x0400', '0x8400', '0x7bff',
                '0xfbff', '0x7c00', '0xfc00', '0x7e00', '0x7e01', '0xfe00', '0x7c01', '0xfc01', '0xffff', '0xc900', '0xc500',
                '0x4500', '0x4900', '0xd640', '0x8032', '0x8033', '0x8096', '0x8833', '0x8bb7', '0x8c00', '0x4600', '0x45ff', '0x4601', '0xc600'],
    'bfloat16': ['0x0000', '0x8000', '0x3f80', '0xbf80', '0x0001', '0x8001', '0x007f', '0x807f', '0x0080', '0x8080', '0x7f7f',
                 '0xff7f', '0x7f80', '0xff80', '0x7fc0', '0x7fc1', '0xffc0', '0x7f81', '0xff81', '0xffff', '0xc120', '0xc0a0',
                 '0x40a0', '0x4120', '0xc2c8', '0x8096', '0x812f', '0x40c0', '0x40bf', '0x40c1', '0xc0c0'],
}

if __name__ == '__main__':
    for fmt, inputs in INPUTS.items():
        print(f'== {fmt}: input -> leakyRelu(alpha = 0.01) / relu6')
        for bits in inputs:
            b = int(bits, 16)
            print(f'  {bits} -> {leaky(fmt, b)} / {relu6(fmt, b)}   value {decode(fmt, b)[0] if isinstance(decode(fmt, b), tuple) else decode(fmt, b)}')
    for fmt in ('float16', 'bfloat16'):
        traps = double_rounding_traps(fmt)
        print(f'== {fmt}: {len(traps)} negative patterns where rounding through float32 differs (input, once, via float32):')
        for t in traps:
            print('  ', *t)
    for fmt, bits in (('float32', '0xbfa00000'),):
        print(f'== {fmt} {bits}: alpha * x is a tie: {is_tie(fmt, int(bits, 16))}')
