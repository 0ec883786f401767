;; The one template every kernel of the module is made from: scripts/kernel-source.mjs fills it in
;; once per (op, dtype) with that op's lane operation from wat/ops/<op>.mjs, and with the element
;; shape of the dtype. Each loop shape is written once, here:
;;
;; 1. blocks of 8 vectors (128 bytes), all loads before the stores: measured faster than 1 or 4
;;    vectors per iteration on small and cached sizes, and in place the stores can then never
;;    overwrite a value that a later load of the same iteration still needs;
;; 2. the 0..7 whole vectors left, one at a time;
;; 3. the 0..lanes-1 elements left, one at a time, through the op's scalar lane operation, which
;;    must give the same bits as its vector lane operation (the tests run every tail length).
;;
;; Signature (src, dst, n, ...attributes): byte addresses of the source and destination, 16-byte
;; aligned for speed (not required for correctness), and n elements; src == dst runs in place.
;; Counting blocks down instead of comparing against an end address keeps a tensor that ends at
;; 4 GiB correct (the end address would wrap to 0).
;;
;; Placeholders: {{name}}, {{export}}, {{params}} (the attributes' wasm params), {{locals}}, {{setup}} (the
;; op's constants, computed once per call), {{vector $v}} (the vector lane operation on local $v),
;; {{scalar $x}} (the scalar lane operation on local $x), and the element shape: {{scalarType}},
;; {{load}}, {{store}}, {{elementBytes}}, {{blockShift}}, {{vectorShift}}, {{laneMask}}.
(func ${{name}} {{export}} (param $src i32) (param $dst i32) (param $n i32) {{params}}
  (local $blocks i32) (local $vectors i32)
  (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
  (local $x {{scalarType}})
  {{locals}}
  {{setup}}
  (local.set $blocks (i32.shr_u (local.get $n) (i32.const {{blockShift}})))
  (if (local.get $blocks)
    (then
      (loop $block
        (local.set $v0 (v128.load offset=0 (local.get $src)))
        (local.set $v1 (v128.load offset=16 (local.get $src)))
        (local.set $v2 (v128.load offset=32 (local.get $src)))
        (local.set $v3 (v128.load offset=48 (local.get $src)))
        (local.set $v4 (v128.load offset=64 (local.get $src)))
        (local.set $v5 (v128.load offset=80 (local.get $src)))
        (local.set $v6 (v128.load offset=96 (local.get $src)))
        (local.set $v7 (v128.load offset=112 (local.get $src)))
        (v128.store offset=0 (local.get $dst) {{vector $v0}})
        (v128.store offset=16 (local.get $dst) {{vector $v1}})
        (v128.store offset=32 (local.get $dst) {{vector $v2}})
        (v128.store offset=48 (local.get $dst) {{vector $v3}})
        (v128.store offset=64 (local.get $dst) {{vector $v4}})
        (v128.store offset=80 (local.get $dst) {{vector $v5}})
        (v128.store offset=96 (local.get $dst) {{vector $v6}})
        (v128.store offset=112 (local.get $dst) {{vector $v7}})
        (local.set $src (i32.add (local.get $src) (i32.const 128)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
        (br_if $block (local.tee $blocks (i32.sub (local.get $blocks) (i32.const 1)))))))
  (local.set $vectors (i32.and (i32.shr_u (local.get $n) (i32.const {{vectorShift}})) (i32.const 7)))
  (if (local.get $vectors)
    (then
      (loop $vector
        (local.set $v0 (v128.load (local.get $src)))
        (v128.store (local.get $dst) {{vector $v0}})
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br_if $vector (local.tee $vectors (i32.sub (local.get $vectors) (i32.const 1)))))))
  (local.set $n (i32.and (local.get $n) (i32.const {{laneMask}})))
  (if (local.get $n)
    (then
      (loop $element
        (local.set $x ({{load}} (local.get $src)))
        ({{store}} (local.get $dst) {{scalar $x}})
        (local.set $src (i32.add (local.get $src) (i32.const {{elementBytes}})))
        (local.set $dst (i32.add (local.get $dst) (i32.const {{elementBytes}})))
        (br_if $element (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))))
