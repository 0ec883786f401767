;; The @relu/wasm module. scripts/build-wasm.mjs splices every kernel file of this folder in place
;; of the @kernels line and the memory import in place of the @memory line, once with a shared
;; memory (threads) and once without (pages that are not cross-origin isolated cannot make one).
;;
;; Every kernel has the signature (src, dst, n) -> (): src and dst are byte addresses, 16-byte
;; aligned for speed (not required for correctness), n counts elements; src == dst runs in place.
;; Partially overlapping ranges are not supported (the allocator never hands them out).
;; Addresses and counts are unsigned: a tensor may sit above 2 GiB. Loops count blocks down instead
;; of comparing against an end address, which would wrap to 0 for a tensor ending at 4 GiB.
(module
  ;; @memory
  ;; @kernels
)
