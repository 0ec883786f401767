// Leaky ReLU's lane operations (SPEC.md, leakyRelu: x < 0 ? alpha * x rounded once : x), one per
// floating dtype, for the template wat/kernel.wat. The kernels take alpha after (src, dst, n): as
// an f32 for float32, float16 and bfloat16 (ONNX's float attribute: JavaScript's number is rounded
// to float32 by the call itself, exactly as Math.fround), as an f64 for float64.
//
// Only the negative numbers take the product; every other lane (+0, -0, positives, +Inf, NaNs of
// either sign) comes out bit for bit, whatever the multiply made of it (a NaN lane's product may be
// any NaN). WebAssembly arithmetic is IEEE 754 with round-to-nearest-even and no flush to zero, so
// float32 and float64 need one multiply, then a choice per lane between x and alpha * x:
//   - alpha in (0, 1] or alpha < 0: pmax(x, alpha * x), that is x < alpha * x ? alpha * x : x. For
//     a negative x the product lies above x (or equals it, same bits), for x >= 0 (-0 included:
//     -0 < alpha * -0 is false) it does not, and a NaN x fails the comparison, so x comes back;
//   - alpha > 1: pmin(x, alpha * x), the mirror image;
//   - alpha = +-0: a bitselect on x < 0, because pmax would return -Inf for alpha * -Inf = NaN.
// pmin and pmax are WebAssembly's selects on one IEEE comparison (one minps/maxps on x86), so the
// chosen lane keeps its bits. They cost one instruction where the bitselect costs three and the
// compare one more: with them the kernel stays within 10% of ReLU on cached data (README, Speed).
//
// float16 and bfloat16 must not multiply in float32: the float32 product is rounded once to
// float32 and again to the 16-bit format, and that double rounding is one unit off for some
// inputs. Instead each lane is widened to f64 (exact), multiplied by |alpha| in f64 (exact: at
// most 11 + 24 significant bits), and the f64 magnitude is rounded once to the 16-bit format:
//   - from the smallest normal up: integer arithmetic on the f64 bits, rebiasing the exponent and
//     adding half an ulp minus one plus the ulp's lowest kept bit before the shift (ties to even);
//     a carry out of the fraction steps the exponent, up to the bits of +Inf;
//   - below it (subnormal results): one f64 addition of a power of two whose ulp is the format's
//     smallest subnormal, which rounds to nearest even by itself; the bits above that power are
//     the result;
//   - at and above 2^(bias + 1): +Inf.
// The sign of every product of a negative lane is the opposite of alpha's sign bit, so it is a
// constant of the call; -Inf lanes take alpha * -Inf (-Inf, +Inf, or NaN for alpha = 0).

const hex64 = (value) => `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
const hex16 = (value) => `0x${value.toString(16)}`;

/** Integer and f64 constants of the rounding to a binary format with these field widths. */
function format(exponentBits, fractionBits) {
  const bias = 2 ** (exponentBits - 1) - 1;
  const infinity = (2 ** exponentBits - 1) << fractionBits;
  const negativeInfinity = 0x8000 | infinity;
  const f64Bits = (exponent) => hex64(BigInt(exponent + 1023) << 52n);
  return {
    /** Left shift that puts the 16-bit magnitude's fields at the top of an f64's fraction. */
    widen: 52 - fractionBits,
    /** Makes that widened pattern the value it stands for (2^(1023 - bias)), exactly. */
    scale: `0x1p${1023 - bias}`,
    /** Rebias of the exponent plus half an ulp minus one, added before the rounding shift. */
    rebias: hex64((BigInt(bias - 1023) << 52n) + (1n << BigInt(51 - fractionBits)) - 1n),
    shift: 52 - fractionBits,
    minNormal: f64Bits(1 - bias),
    /** 2^k whose ulp is the smallest subnormal of the format: 2^(1 - bias - fractionBits). */
    subnormalMagic: `0x1p${53 - bias - fractionBits}`,
    subnormalMagicBits: f64Bits(53 - bias - fractionBits),
    overflow: f64Bits(bias + 1),
    infinity: hex16(infinity),
    negativeInfinity: hex16(negativeInfinity),
    nan: hex16(infinity | (1 << (fractionBits - 1))),
    /** Negative numbers, as unsigned 16-bit: (bits - 0x8001) <= span. */
    span: hex16(negativeInfinity - 0x8001),
  };
}

/** The f64 product |x| * |alpha| of widened magnitudes `wide` (i64x2), rounded, in i64 lanes. */
function roundedVector(f, wide) {
  const product = `(f64x2.mul (f64x2.mul (i64x2.shl ${wide} (i32.const ${f.widen})) (local.get $scale)) (local.get $abs_alpha))`;
  const normal =
    `(i64x2.shr_u (i64x2.add (i64x2.add (local.get $q) (local.get $rebias)) ` +
    `(v128.and (i64x2.shr_u (local.get $q) (i32.const ${f.shift})) (local.get $one))) (i32.const ${f.shift}))`;
  const subnormal = '(i64x2.sub (f64x2.add (local.get $q) (local.get $subnormal_magic)) (local.get $subnormal_magic))';
  return (
    `(block (result v128) (local.set $q ${product}) ` +
    `(v128.bitselect (local.get $infinity_lanes) (v128.bitselect ${subnormal} ${normal} (i64x2.lt_s (local.get $q) (local.get $min_normal))) ` +
    `(i64x2.ge_s (local.get $q) (local.get $overflow))))`
  );
}

/** The same rounding of one element, the scalar form for the tail. */
function roundedScalar(f) {
  return (
    '(block (result i32) ' +
    `(local.set $q_scalar (f64.mul (f64.mul (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (i32.and (local.get $u) (i32.const 0x7fff))) (i64.const ${f.widen}))) ` +
    `(f64.const ${f.scale})) (local.get $abs_alpha_scalar))) ` +
    '(local.set $m_scalar (i64.reinterpret_f64 (local.get $q_scalar))) ' +
    `(i32.wrap_i64 (select (i64.const ${f.infinity}) ` +
    `(select (i64.sub (i64.reinterpret_f64 (f64.add (local.get $q_scalar) (f64.const ${f.subnormalMagic}))) (i64.const ${f.subnormalMagicBits})) ` +
    `(i64.shr_u (i64.add (i64.add (local.get $m_scalar) (i64.const ${f.rebias})) (i64.and (i64.shr_u (local.get $m_scalar) (i64.const ${f.shift})) (i64.const 1))) (i64.const ${f.shift})) ` +
    `(i64.lt_s (local.get $m_scalar) (i64.const ${f.minNormal}))) ` +
    `(i64.ge_s (local.get $m_scalar) (i64.const ${f.overflow})))))`
  );
}

/**
 * float32 (f = 'f32', i = 'i32') or float64 (f = 'f64', i = 'i64'): the variants above. The scalar
 * tail makes the same choice between the bits of x and of the product.
 */
function wideLanes(f, i, width) {
  const shape = f === 'f32' ? 'f32x4' : 'f64x2';
  const product = (v) => `(${shape}.mul ${v} (local.get $alpha_lanes))`;
  const scalarX = (x) => `(${f}.reinterpret_${i} ${x})`;
  const scalarProduct = (x) => `(local.tee $p (${f}.mul ${scalarX(x)} (local.get $alpha)))`;
  const common = {
    locals: `(local $alpha_lanes v128) (local $p ${f})`,
    setup: `(local.set $alpha_lanes (${shape}.splat (local.get $alpha)))`,
  };
  return {
    doc: `The ${width} alpha (the double itself for float64); pmax, pmin or, for alpha = 0, a bitselect.`,
    params: `(param $alpha ${f})`,
    variants: [
      {
        name: 'zero',
        when: `(${f}.eq (local.get $alpha) (${f}.const 0))`,
        ...common,
        vector: (v) => `(v128.bitselect ${product(v)} ${v} (${shape}.lt ${v} (v128.const i64x2 0 0)))`,
        scalar: (x) => `(select (${i}.reinterpret_${f} ${scalarProduct(x)}) ${x} (${f}.lt ${scalarX(x)} (${f}.const 0)))`,
      },
      {
        name: 'steep',
        when: `(${f}.gt (local.get $alpha) (${f}.const 1))`,
        ...common,
        vector: (v) => `(${shape}.pmin ${v} ${product(v)})`,
        scalar: (x) => `(select (${i}.reinterpret_${f} ${scalarProduct(x)}) ${x} (${f}.lt (local.get $p) ${scalarX(x)}))`,
      },
      {
        name: 'gentle',
        ...common,
        vector: (v) => `(${shape}.pmax ${v} ${product(v)})`,
        scalar: (x) => `(select (${i}.reinterpret_${f} ${scalarProduct(x)}) ${x} (${f}.lt ${scalarX(x)} (local.get $p)))`,
      },
    ],
  };
}

/** Two i64x2 vectors of 16-bit results in their low bits, as the low 4 lanes of an i16x8. */
const pack = (a, b) => `(i8x16.shuffle 0 1 8 9 16 17 24 25 0 1 8 9 16 17 24 25 ${a} ${b})`;

function halfLanes(exponentBits, fractionBits, name) {
  const f = format(exponentBits, fractionBits);
  const isNegativeNumber = (v) => `(i16x8.le_u (i16x8.sub ${v} (local.get $lowest)) (local.get $span))`;
  return {
    doc: `${name}: widened to f64, multiplied by |alpha| in f64, rounded once to ${name} with integer operations.`,
    params: '(param $alpha f32)',
    locals:
      '(local $abs_alpha v128) (local $scale v128) (local $sign v128) (local $negative_infinity_result v128) ' +
      '(local $magnitude v128) (local $lowest v128) (local $span v128) (local $negative_infinity v128) ' +
      '(local $subnormal_magic v128) (local $rebias v128) (local $one v128) (local $min_normal v128) (local $overflow v128) (local $infinity_lanes v128) ' +
      '(local $h v128) (local $w v128) (local $q v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128) ' +
      '(local $abs_alpha_scalar f64) (local $sign_scalar i32) (local $negative_infinity_result_scalar i32) (local $u i32) (local $q_scalar f64) (local $m_scalar i64)',
    setup: [
      '(local.set $abs_alpha_scalar (f64.promote_f32 (f32.abs (local.get $alpha))))',
      '(local.set $abs_alpha (f64x2.splat (local.get $abs_alpha_scalar)))',
      `(local.set $scale (f64x2.splat (f64.const ${f.scale})))`,
      // alpha's sign bit set (negative alpha, or -0): the products of negative lanes are positive.
      '(local.set $sign_scalar (select (i32.const 0) (i32.const 0x8000) (i32.lt_s (i32.reinterpret_f32 (local.get $alpha)) (i32.const 0))))',
      '(local.set $sign (i16x8.splat (local.get $sign_scalar)))',
      // alpha * -Inf: -Inf for alpha > 0, +Inf for alpha < 0, NaN for alpha = 0 (IEEE 0 * Inf).
      `(local.set $negative_infinity_result_scalar (select (i32.const ${f.negativeInfinity}) (select (i32.const ${f.infinity}) (i32.const ${f.nan}) ` +
        '(f32.lt (local.get $alpha) (f32.const 0))) (f32.gt (local.get $alpha) (f32.const 0))))',
      '(local.set $negative_infinity_result (i16x8.splat (local.get $negative_infinity_result_scalar)))',
      '(local.set $magnitude (i16x8.splat (i32.const 0x7fff)))',
      '(local.set $lowest (i16x8.splat (i32.const 0x8001)))',
      `(local.set $span (i16x8.splat (i32.const ${f.span})))`,
      `(local.set $negative_infinity (i16x8.splat (i32.const ${f.negativeInfinity})))`,
      `(local.set $subnormal_magic (f64x2.splat (f64.const ${f.subnormalMagic})))`,
      `(local.set $rebias (i64x2.splat (i64.const ${f.rebias})))`,
      '(local.set $one (i64x2.splat (i64.const 1)))',
      `(local.set $min_normal (i64x2.splat (i64.const ${f.minNormal})))`,
      `(local.set $overflow (i64x2.splat (i64.const ${f.overflow})))`,
      `(local.set $infinity_lanes (i64x2.splat (i64.const ${f.infinity})))`,
    ].join('\n  '),
    vector: (v) =>
      '(block (result v128) ' +
      `(local.set $h (v128.and ${v} (local.get $magnitude))) ` +
      '(local.set $w (i32x4.extend_low_i16x8_u (local.get $h))) ' +
      `(local.set $y0 ${roundedVector(f, '(i64x2.extend_low_i32x4_u (local.get $w))')}) ` +
      `(local.set $y1 ${roundedVector(f, '(i64x2.extend_high_i32x4_u (local.get $w))')}) ` +
      '(local.set $w (i32x4.extend_high_i16x8_u (local.get $h))) ' +
      `(local.set $y2 ${roundedVector(f, '(i64x2.extend_low_i32x4_u (local.get $w))')}) ` +
      `(local.set $y3 ${roundedVector(f, '(i64x2.extend_high_i32x4_u (local.get $w))')}) ` +
      '(v128.bitselect (local.get $negative_infinity_result) ' +
      `(v128.bitselect (v128.or (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${pack('(local.get $y0)', '(local.get $y1)')} ${pack('(local.get $y2)', '(local.get $y3)')}) (local.get $sign)) ` +
      `${v} ${isNegativeNumber(v)}) ` +
      `(i16x8.eq ${v} (local.get $negative_infinity))))`,
    scalar: (x) =>
      `(block (result i32) (local.set $u (i32.and ${x} (i32.const 0xffff))) ` +
      `(select (select (local.get $negative_infinity_result_scalar) (i32.or (local.get $sign_scalar) ${roundedScalar(f)}) (i32.eq (local.get $u) (i32.const ${f.negativeInfinity}))) ` +
      `${x} (i32.le_u (i32.sub (local.get $u) (i32.const 0x8001)) (i32.const ${f.span}))))`,
  };
}

export default {
  op: 'leakyRelu',
  attributes: ['alpha'],
  // leakyRelu(leakyRelu(x)) multiplies twice: a parallel task that a dead worker left half done in
  // place cannot run again, so the pool recovers such tasks only when src and dst differ.
  idempotent: false,
  dtypes: {
    float32: wideLanes('f32', 'i32', '32-bit'),
    float64: wideLanes('f64', 'i64', '64-bit'),
    float16: halfLanes(5, 10, 'float16'),
    bfloat16: halfLanes(8, 7, 'bfloat16'),
  },
};
