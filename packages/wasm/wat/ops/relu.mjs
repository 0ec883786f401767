// ReLU's lane operations (SPEC.md section 2), one per dtype, for the template wat/kernel.wat.
//
// The float kernels never use a float instruction. Read as signed integers of the element width,
// exactly the values ReLU keeps are greater than the bits of -Inf: +0, positives, +Inf, and every
// NaN of either sign (negative NaNs lie above -Inf in that order). -0 (the minimum integer), the
// negatives and -Inf are not, and the AND with the all-zero mask makes them +0. So subnormals and
// NaN payloads pass bit for bit: f32x4.max would make the NaN sign non-deterministic, f32x4.pmax
// would keep -0, and i32x4.max_s on the bits would zero the negative NaNs.

/** v AND (v > bound), lane by lane, with the bound in the local $bound. */
const keepAbove = (gt) => (v) => `(v128.and ${v} (${gt} ${v} (local.get $bound)))`;

/** The scalar form of keepAbove for the tail: x > bound ? x : 0. */
const scalarAbove = (type, bound) => (x) => `(select ${x} (${type}.const 0) (${type}.gt_s ${x} (${type}.const ${bound})))`;

const floatOnBits = (gt, splat, bound, scalarBound, type) => ({
  locals: '(local $bound v128)',
  setup: `(local.set $bound (${splat} (${type}.const ${bound})))`,
  vector: keepAbove(gt),
  scalar: scalarAbove(type, scalarBound),
});

const intMax = (max) => ({
  doc: 'x > 0 ? x : 0: a signed max with zero.',
  vector: (v) => `(${max} ${v} (v128.const i64x2 0 0))`,
  scalar: scalarAbove('i32', 0),
});

export default {
  op: 'relu',
  attributes: [],
  // relu(relu(x)) = relu(x): a parallel task that a dead worker left half done may run again in place.
  idempotent: true,
  dtypes: {
    float32: {
      doc: 'Kept: the int32 bits above 0xff800000 (-Inf).',
      ...floatOnBits('i32x4.gt_s', 'i32x4.splat', '0xff800000', '0xff800000', 'i32'),
    },
    float64: {
      doc: 'Kept: the int64 bits above 0xfff0000000000000 (-Inf).',
      ...floatOnBits('i64x2.gt_s', 'i64x2.splat', '0xfff0000000000000', '0xfff0000000000000', 'i64'),
    },
    // The tail loads 16-bit lanes sign-extended, so it compares with the sign-extended bound.
    float16: {
      doc: 'Kept: the int16 bits above 0xfc00 (-Inf).',
      ...floatOnBits('i16x8.gt_s', 'i16x8.splat', '0xfc00', '0xfffffc00', 'i32'),
    },
    bfloat16: {
      doc: 'Kept: the int16 bits above 0xff80 (-Inf).',
      ...floatOnBits('i16x8.gt_s', 'i16x8.splat', '0xff80', '0xffffff80', 'i32'),
    },
    int8: intMax('i8x16.max_s'),
    int16: intMax('i16x8.max_s'),
    int32: intMax('i32x4.max_s'),
    int64: {
      doc: 'x > 0 ? x : 0; there is no i64x2.max_s, the mask of i64x2.gt_s does it.',
      vector: (v) => `(v128.and ${v} (i64x2.gt_s ${v} (v128.const i64x2 0 0)))`,
      scalar: scalarAbove('i64', 0),
    },
  },
};
