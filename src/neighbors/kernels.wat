;; Distance kernels for the neighbour searches (WebAssembly SIMD, f32x4).
;; Compiled into kernels-wasm.ts by `node bench/reduce/build-kernels.mjs`.
;; Rows are float32, addressed by byte offset into the exported memory.
(module
  (memory (export "memory") 1)

  ;; Squared euclidean distance of the d floats at byte offsets $a and $b.
  (func $sqdist (export "sqdist") (param $a i32) (param $b i32) (param $d i32) (result f64)
    (local $end i32) (local $last i32) (local $acc0 v128) (local $acc1 v128) (local $t0 v128) (local $t1 v128) (local $s f32) (local $x f32)
    (local.set $last (i32.add (local.get $a) (i32.shl (local.get $d) (i32.const 2))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $d) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $t0 (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $t1 (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $t0) (local.get $t0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $t1) (local.get $t1))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $loop)))
    (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $a) (local.get $last)))
        (local.set $x (f32.sub (f32.load (local.get $a)) (f32.load (local.get $b))))
        (local.set $s (f32.add (local.get $s) (f32.mul (local.get $x) (local.get $x))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $tail)))
    (f64.promote_f32 (local.get $s)))

  ;; As sqdist, but gives up once the partial sum (checked every 64 floats) exceeds $bound,
  ;; returning that partial sum.
  (func (export "sqdistBounded") (param $a i32) (param $b i32) (param $d i32) (param $bound f64) (result f64)
    (local $end i32) (local $chunk i32) (local $acc0 v128) (local $acc1 v128) (local $t0 v128) (local $t1 v128) (local $s f64)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $d) (i32.const -64)) (i32.const 2))))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $chunk (i32.add (local.get $a) (i32.const 256)))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (loop $inner
          (local.set $t0 (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
          (local.set $t1 (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
          (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $t0) (local.get $t0))))
          (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $t1) (local.get $t1))))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $inner (i32.lt_u (local.get $a) (local.get $chunk))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))))
        (br_if $done (f64.gt (local.get $s) (local.get $bound)))
        (br $outer)))
    (if (f64.gt (local.get $s) (local.get $bound)) (then (return (local.get $s))))
    ;; The rest (d mod 64 floats).
    (f64.add (local.get $s)
      (call $sqdist (local.get $a) (local.get $b) (i32.and (local.get $d) (i32.const 63)))))

  ;; Dot product of the d floats at $a with the d floats at $b.
  (func (export "dot") (param $a i32) (param $b i32) (param $d i32) (result f64)
    (local $end i32) (local $last i32) (local $acc0 v128) (local $acc1 v128) (local $s f32)
    (local.set $last (i32.add (local.get $a) (i32.shl (local.get $d) (i32.const 2))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $d) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $loop)))
    (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $a) (local.get $last)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $tail)))
    (f64.promote_f32 (local.get $s)))
)
