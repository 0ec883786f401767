// ReLU6's lane operations (SPEC.md, relu6: min(max(x, 0), 6)), one per dtype, for the template
// wat/kernel.wat.
//
// 16-bit floats stay on their bits, with integer instructions only: non-negative floats order like
// their bits read as integers, so clamping a non-negative float to 6 is an integer min with the
// bits of 6, and every pattern with the sign bit set (-0, negatives, -Inf) becomes +0 by a signed
// max with 0. NaNs (exponent all ones, fraction not zero) would be clamped too, so they are blended
// back from the input: a NaN comes out with its own bits, sign and payload.
//
// float32 and float64 have pmin and pmax: WebAssembly's selects on one IEEE comparison (one
// minps/maxps on x86), pmax(x, 0) = x < 0 ? 0 : x and pmin(y, 6) = 6 < y ? 6 : y. A NaN fails
// both comparisons and comes out with its own bits; negatives, subnormals included (no flush to
// zero in WebAssembly), and -Inf give +0; 6 and above give 6. Only -0 would stay -0 (-0 < 0 is
// false), so its bits first become those of the negative subnormal next to it, which pmax makes
// +0. Three instructions where the integer form takes seven: with them the kernel stays within
// 10% of ReLU on cached data (README, Speed).

/** min(max(v, 0), six) on signed lanes, with the NaN lanes of v kept. */
const floatVector = (shape) => (v) =>
  `(v128.bitselect ${v} (${shape}.max_s (${shape}.min_s ${v} (local.get $six)) (v128.const i64x2 0 0)) ` +
  `(${shape}.gt_s (v128.and ${v} (local.get $magnitude)) (local.get $infinity)))`;

/** The scalar form (x sign-extended to i32): NaN ? x : x < 0 ? 0 : x >= six ? six : x. */
const floatScalar = (magnitude, infinity, six) => (x) =>
  `(select ${x} (select (i32.const 0) (select (i32.const ${six}) ${x} (i32.ge_s ${x} (i32.const ${six}))) (i32.lt_s ${x} (i32.const 0))) ` +
  `(i32.gt_s (i32.and ${x} (i32.const ${magnitude})) (i32.const ${infinity})))`;

const floatLanes = (shape, magnitude, infinity, six, doc) => ({
  doc,
  locals: '(local $six v128) (local $magnitude v128) (local $infinity v128)',
  setup:
    `(local.set $six (${shape}.splat (i32.const ${six}))) (local.set $magnitude (${shape}.splat (i32.const ${magnitude}))) ` +
    `(local.set $infinity (${shape}.splat (i32.const ${infinity})))`,
  vector: floatVector(shape),
  scalar: floatScalar(magnitude, infinity, six),
});

/** Integers: a signed min with 6, then a signed max with 0. */
const intLanes = (shape) => ({
  doc: 'min(max(x, 0), 6) with signed lanes.',
  vector: (v) => `(${shape}.max_s (${shape}.min_s ${v} (${shape}.splat (i32.const 6))) (v128.const i64x2 0 0))`,
  scalar: (x) => `(select (i32.const 0) (select (i32.const 6) ${x} (i32.gt_s ${x} (i32.const 6))) (i32.lt_s ${x} (i32.const 0)))`,
});

export default {
  op: 'relu6',
  attributes: [],
  // relu6(relu6(x)) = relu6(x): a parallel task that a dead worker left half done may run again in place.
  idempotent: true,
  dtypes: {
    float32: {
      doc: 'pmin(pmax(x, 0), 6) after -0 becomes -min subnormal (a signed integer max with 0x80000001).',
      locals: '(local $six v128) (local $above_negative_zero v128)',
      setup: '(local.set $six (f32x4.splat (f32.const 6))) (local.set $above_negative_zero (i32x4.splat (i32.const 0x80000001)))',
      vector: (v) => `(f32x4.pmin (f32x4.pmax (i32x4.max_s ${v} (local.get $above_negative_zero)) (v128.const i64x2 0 0)) (local.get $six))`,
      scalar: floatScalar('0x7fffffff', '0x7f800000', '0x40c00000'),
    },
    float64: {
      // No i64x2.max_s: -0 steps to the subnormal next to it by subtracting its all-ones equality mask.
      doc: 'pmin(pmax(x, 0), 6) after -0 becomes -min subnormal (-0 minus the mask of x == -0).',
      locals: '(local $six v128) (local $negative_zero v128)',
      setup: '(local.set $six (f64x2.splat (f64.const 6))) (local.set $negative_zero (i64x2.splat (i64.const 0x8000000000000000)))',
      vector: (v) => `(f64x2.pmin (f64x2.pmax (i64x2.sub ${v} (i64x2.eq ${v} (local.get $negative_zero))) (v128.const i64x2 0 0)) (local.get $six))`,
      scalar: (x) =>
        `(select (i64.const 0x4018000000000000) (select ${x} (i64.const 0) (i64.gt_s ${x} (i64.const 0xfff0000000000000))) ` +
        `(i32.and (i64.gt_s ${x} (i64.const 0x4018000000000000)) (i64.le_s ${x} (i64.const 0x7ff0000000000000))))`,
    },
    float16: floatLanes('i16x8', '0x7fff', '0x7c00', '0x4600', 'On the int16 bits; 6 is 0x4600.'),
    bfloat16: floatLanes('i16x8', '0x7fff', '0x7f80', '0x40c0', 'On the int16 bits; 6 is 0x40c0.'),
    int8: intLanes('i8x16'),
    int16: intLanes('i16x8'),
    int32: intLanes('i32x4'),
    int64: {
      doc: 'x > 0 ? x : 0 by the mask of i64x2.gt_s (there is no i64x2.max_s), then the lanes above 6 become 6.',
      vector: (v) =>
        `(v128.bitselect (i64x2.splat (i64.const 6)) (v128.and ${v} (i64x2.gt_s ${v} (v128.const i64x2 0 0))) (i64x2.gt_s ${v} (i64x2.splat (i64.const 6))))`,
      scalar: (x) => `(select (i64.const 0) (select (i64.const 6) ${x} (i64.gt_s ${x} (i64.const 6))) (i64.lt_s ${x} (i64.const 0)))`,
    },
  },
};
