;; The @relu/wasm module. scripts/build-wasm.mjs puts the memory import in place of the @memory
;; line, once with a shared memory (threads) and once without (pages that are not cross-origin
;; isolated cannot make one), and every kernel in place of the @kernels line: wat/kernel.wat filled
;; in for each (op, dtype) of wat/ops/ (see scripts/kernel-source.mjs).
;;
;; Partially overlapping source and destination ranges are not supported (the allocator never
;; hands them out). Addresses and counts are unsigned: a tensor may sit above 2 GiB.
(module
  ;; @memory
  ;; @kernels
)
