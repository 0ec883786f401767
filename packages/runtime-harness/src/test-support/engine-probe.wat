;; wasm f32x4.max(x, 0) and f32x4.pmax(x, 0) over n float32 (n a multiple of 4) from src into dst.
(module
  (memory (export "memory") 1)
  (func (export "f32x4.max") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (v128.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.max (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (v128.const f32x4 0 0 0 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next))))
  (func (export "f32x4.pmax") (param $src i32) (param $dst i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (v128.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32x4.pmax (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (v128.const f32x4 0 0 0 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next)))))
