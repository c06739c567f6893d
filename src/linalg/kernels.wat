;; Scatter-matrix kernel for PCA (WebAssembly SIMD). Compiled into kernels-wasm.ts by
;; `node bench/reduce/build-kernels.mjs`.
(module
  (memory (export "memory") 1)

  ;; Adds the outer products of 8 rows to the lower triangle of C (and a few cells past the
  ;; diagonal, which are ignored): C[j][t] += sum_b blk[b][t] * blk[b][j] for t <= j.
  ;; blk: 8 rows of float32, each $stride floats (stride a multiple of 4, zero padded).
  ;; C: float64, $stride × $stride, row-major. Products of 8 rows are summed in float32, then
  ;; accumulated in float64.
  (func (export "syrk8") (param $blk i32) (param $c i32) (param $d i32) (param $stride i32)
    (local $j i32) (local $t i32) (local $rs i32) (local $p i32) (local $cp i32) (local $crow i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $s v128) (local $q i32)
    (local.set $rs (i32.shl (local.get $stride) (i32.const 2)))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $q (i32.add (local.get $blk) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $a0 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a1 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a2 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a3 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a4 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a5 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a6 (f32x4.splat (f32.load (local.get $q))))
        (local.set $q (i32.add (local.get $q) (local.get $rs)))
        (local.set $a7 (f32x4.splat (f32.load (local.get $q))))
        (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $j) (local.get $stride)) (i32.const 3))))
        (local.set $t (i32.const 0))
        (block $tdone
          (loop $tloop
            (br_if $tdone (i32.gt_u (local.get $t) (local.get $j)))
            (local.set $p (i32.add (local.get $blk) (i32.shl (local.get $t) (i32.const 2))))
            (local.set $s (f32x4.mul (local.get $a0) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a1) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a2) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a3) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a4) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a5) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a6) (v128.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rs)))
            (local.set $s (f32x4.add (local.get $s) (f32x4.mul (local.get $a7) (v128.load (local.get $p)))))
            (local.set $cp (i32.add (local.get $crow) (i32.shl (local.get $t) (i32.const 3))))
            (v128.store (local.get $cp) (f64x2.add (v128.load (local.get $cp)) (f64x2.promote_low_f32x4 (local.get $s))))
            (v128.store offset=16 (local.get $cp)
              (f64x2.add (v128.load offset=16 (local.get $cp))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)))))
            (local.set $t (i32.add (local.get $t) (i32.const 4)))
            (br $tloop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jloop))))
)
