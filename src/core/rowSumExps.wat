;; rowSumExps: for every row of a row-major float64 matrix in this module's memory, its maximum m
;; and Σ exp(x − m), two elements at a time with WebAssembly SIMD (f64x2 lanes).
;;
;; It is rowLogSumExps.ts's loop moved to SIMD, with the same results bit for bit: the same range
;; test, the same exponential (expTerm: Tang's method, a 2048-entry table, Taylor to degree 3) with
;; the same operations in the same order, and the same two chains of additions (lane 0 adds the
;; even elements, lane 1 the odd ones, as that loop's `total` and `odd`). The speed comes from the
;; two lanes and from what V8's JavaScript could not do: a table read of two lanes without bounds
;; checks, and 2^⌊k/2048⌋ added to the exponent field instead of read from a second table.
;;
;; Memory: the table TERM_TABLE (2048 doubles, 2^(j/2048) rounded) at byte 0, written by the
;; caller, which also copies the rows in and reads the results out (rowLogSumExps.ts).
;; `npm run build` assembles this file into rowSumExpsModule.ts; a unit test checks the two agree.
(module
  ;; 1 MiB, never grown: growing detaches the memory's old ArrayBuffer, and from the first detached
  ;; ArrayBuffer on, V8's optimised JavaScript checks for detachment on every typed-array access,
  ;; everywhere (measured: BCE-with-logits a quarter slower).
  (memory (export "memory") 16)

  ;; $sumExp's constants, one in each lane. Mutable so that V8 reads each into a register once,
  ;; before the loop: it rebuilds a constant splat from immediates on every turn.
  (global $over (mut v128) (v128.const f64x2 0x1.71547652b82fep11 0x1.71547652b82fep11)) ;; 2048 / ln 2
  (global $round (mut v128) (v128.const f64x2 0x1.8p52 0x1.8p52)) ;; 1.5·2^52: adding and subtracting it rounds to an integer
  (global $stepHigh (mut v128) (v128.const f64x2 0x1.62e42ffp-12 0x1.62e42ffp-12)) ;; ln 2 / 2048 = stepHigh + stepLow
  (global $stepLow (mut v128) (v128.const f64x2 -0x1.718432a1b0e26p-46 -0x1.718432a1b0e26p-46))
  (global $half (mut v128) (v128.const f64x2 0.5 0.5))
  (global $sixth (mut v128) (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3)) ;; 1/6 rounded, as in expTerm

  ;; Lane by lane, Σ e^(x − shift) over the doubles from byte `from` to byte `to` (a multiple of 16
  ;; apart), for −700 ≤ x − shift ≤ 0 (the caller makes sure); and lane by lane the maximum and
  ;; minimum of the doubles `ahead` bytes further on (the next row's, found while this row's
  ;; arithmetic runs, as rowLogSumExps.ts's loop does). e^d = 2^⌊k/2048⌋ · T[k mod 2048] · e^r
  ;; with k = round(2048·d / ln 2) and r = d − k·(ln 2 / 2048), the step in two parts (high, with
  ;; its low bits zero, and low) as tangReduction(11) gives them; e^r − 1 = r + r²·(1/2 + r/6).
  ;; t = 2048·d/ln 2 + 1.5·2^52 holds k in its low bits, so t's bits shifted right by 11 and left by
  ;; 52 are ⌊k/2048⌋·2^52 modulo 2^64 (a logical shift right: the bits it brings in leave again):
  ;; added to T's bits, they scale it by 2^⌊k/2048⌋ exactly (the result stays a normal double for
  ;; d ≥ −700). Each term is also stored, `terms` bytes from its x (for predictionSums).
  (func $sumExp (param $from i32) (param $to i32) (param $shift v128) (param $ahead i32) (param $terms i32) (result v128 v128 v128)
    (local $sum v128) (local $term v128) (local $next v128) (local $high v128) (local $low v128) (local $d v128) (local $t v128) (local $k v128) (local $r v128) (local $scale v128)
    (local $over v128) (local $round v128) (local $stepHigh v128) (local $stepLow v128)
    (local $half v128) (local $sixth v128)
    (local.set $over (global.get $over))
    (local.set $round (global.get $round))
    (local.set $stepHigh (global.get $stepHigh))
    (local.set $stepLow (global.get $stepLow))
    (local.set $half (global.get $half))
    (local.set $sixth (global.get $sixth))
    (local.set $high (f64x2.splat (f64.const -inf)))
    (local.set $low (f64x2.splat (f64.const inf)))
    (block $summed
      (loop $turn
        (br_if $summed (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $d (f64x2.sub (v128.load (local.get $from)) (local.get $shift)))
        (local.set $t (f64x2.add (f64x2.mul (local.get $over) (local.get $d)) (local.get $round)))
        (local.set $k (f64x2.sub (local.get $t) (local.get $round)))
        (local.set $r
          (f64x2.sub
            (f64x2.sub (local.get $d) (f64x2.mul (local.get $k) (local.get $stepHigh)))
            (f64x2.mul (local.get $k) (local.get $stepLow))))
        ;; T[k mod 2048], one lane at a time
        (local.set $scale
          (v128.load64_zero
            (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $t))) (i32.const 2047)) (i32.const 3))))
        (local.set $scale
          (v128.load64_lane 1
            (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $t))) (i32.const 2047)) (i32.const 3))
            (local.get $scale)))
        ;; times 2^⌊k/2048⌋
        (local.set $scale
          (i64x2.add (local.get $scale) (i64x2.shl (i64x2.shr_u (local.get $t) (i32.const 11)) (i32.const 52))))
        ;; scale + scale·(r + r·r·(1/2 + r·(1/6)))
        (local.set $term
          (f64x2.add (local.get $scale)
            (f64x2.mul (local.get $scale)
              (f64x2.add (local.get $r)
                (f64x2.mul
                  (f64x2.mul (local.get $r) (local.get $r))
                  (f64x2.add (local.get $half) (f64x2.mul (local.get $r) (local.get $sixth))))))))
        (v128.store (i32.add (local.get $from) (local.get $terms)) (local.get $term))
        (local.set $sum (f64x2.add (local.get $sum) (local.get $term)))
        ;; the range of the row `ahead` bytes on, read while this one's arithmetic runs
        (local.set $next (v128.load (i32.add (local.get $from) (local.get $ahead))))
        (local.set $high (f64x2.pmax (local.get $high) (local.get $next)))
        (local.set $low (f64x2.pmin (local.get $low) (local.get $next)))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (br $turn)))
    (local.get $sum) (local.get $high) (local.get $low))

  ;; For each of `rows` rows of `classes` doubles from byte `src`, writes 16 bytes from byte `out`:
  ;; the row's maximum m (NaN skipped, the first of equal values kept in each lane) and Σ e^(x − m),
  ;; or −1 in place of the sum where some x − m < −700 (an x of −∞, an m of +∞ or 1e300): the
  ;; caller sums that row itself, with Math.exp. Each e^(x − m) summed is also stored, laid out as
  ;; the rows are, from byte `terms`.
  (func (export "rowSumExps") (param $src i32) (param $rows i32) (param $classes i32) (param $out i32) (param $terms i32)
    (local $rowBytes i32) (local $pairEnd i32) (local $end i32) (local $i i32)
    (local $v v128) (local $high v128) (local $low v128) (local $shift v128) (local $sums v128)
    (local $max f64) (local $min f64) (local $last f64) (local $total f64) (local $ranged i32)
    (local.set $rowBytes (i32.shl (local.get $classes) (i32.const 3)))
    (local.set $terms (i32.sub (local.get $terms) (local.get $src))) ;; from an x to its term
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $end (i32.add (local.get $src) (local.get $rowBytes)))
        (local.set $pairEnd (i32.add (local.get $src) (i32.and (local.get $rowBytes) (i32.const -16))))

        ;; the row's range, unless the previous row's $sumExp found it: pmax(a, x) is x only where
        ;; a < x, so NaN is skipped as by `x > max`
        (if (i32.eqz (local.get $ranged))
          (then
            (local.set $high (f64x2.splat (f64.const -inf)))
            (local.set $low (f64x2.splat (f64.const inf)))
            (local.set $i (local.get $src))
            (block $found
              (loop $range
                (br_if $found (i32.ge_u (local.get $i) (local.get $pairEnd)))
                (local.set $v (v128.load (local.get $i)))
                (local.set $high (f64x2.pmax (local.get $high) (local.get $v)))
                (local.set $low (f64x2.pmin (local.get $low) (local.get $v)))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $range)))))
        (local.set $high (f64x2.pmax (local.get $high) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $high) (local.get $high))))
        (local.set $low (f64x2.pmin (local.get $low) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $low) (local.get $low))))
        (local.set $max (f64x2.extract_lane 0 (local.get $high)))
        (local.set $min (f64x2.extract_lane 0 (local.get $low)))
        (if (i32.ne (local.get $pairEnd) (local.get $end))
          (then
            (local.set $last (f64.load (local.get $pairEnd)))
            (if (f64.gt (local.get $last) (local.get $max)) (then (local.set $max (local.get $last))))
            (if (f64.lt (local.get $last) (local.get $min)) (then (local.set $min (local.get $last))))))

        (local.set $total (f64.const -1))
        (local.set $ranged (i32.const 0))
        (if (f64.ge (f64.sub (local.get $min) (local.get $max)) (f64.const -700))
          (then
            (local.set $shift (f64x2.splat (local.get $max)))
            ;; the next row's range too, if there is one in this block
            (local.set $ranged (i32.gt_u (local.get $rows) (i32.const 1)))
            (call $sumExp (local.get $src) (local.get $pairEnd) (local.get $shift)
              (select (local.get $rowBytes) (i32.const 0) (local.get $ranged)) (local.get $terms))
            (local.set $low)
            (local.set $high)
            (local.set $sums)
            (local.set $total (f64x2.extract_lane 0 (local.get $sums)))
            ;; an odd last element joins the even chain before the two chains are added
            (if (i32.ne (local.get $pairEnd) (local.get $end))
              (then
                (v128.store (local.get $out) (f64x2.splat (local.get $last)))
                (call $sumExp (local.get $out) (i32.add (local.get $out) (i32.const 16)) (local.get $shift) (i32.const 0) (i32.const 0))
                (drop)
                (drop)
                (local.set $v)
                (f64.store (i32.add (local.get $pairEnd) (local.get $terms)) (f64x2.extract_lane 0 (local.get $v)))
                (local.set $total (f64.add (local.get $total) (f64x2.extract_lane 0 (local.get $v))))))
            (local.set $total (f64.add (local.get $total) (f64x2.extract_lane 1 (local.get $sums))))))

        (f64.store (local.get $out) (local.get $max))
        (f64.store offset=8 (local.get $out) (local.get $total))
        (local.set $src (local.get $end))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))
  ;; What the rows just summed by rowSumExps say before any target, for the run model: for each
  ;; row whose 32 bytes from byte `given` hold m, log Σ e^(x − m), 1 / Σ e^(x − m) (0 to skip the
  ;; row: out of rowSumExps's range, or not counted), writes log q = x − m − log Σ into `logQ`
  ;; (laid out as the rows are), adds q = e^(x − m) / Σ (its term times 1 / Σ) to the per-class
  ;; sums from byte `classSums`, and writes 16 bytes from byte `out`: the entropy −Σ q·log q (even
  ;; and odd elements in two chains, added at the end) and the index of the largest log q (the
  ;; first of equals). `terms` is where rowSumExps stored the terms.
  (func (export "predictionSums")
    (param $src i32) (param $rows i32) (param $classes i32) (param $given i32) (param $terms i32)
    (param $logQ i32) (param $classSums i32) (param $out i32)
    (local $rowBytes i32) (local $pairBytes i32) (local $o i32) (local $at i32)
    (local $shift v128) (local $logTotal v128) (local $inverse v128) (local $logq v128) (local $q v128)
    (local $entropy v128) (local $best v128) (local $bestIndex v128) (local $index v128) (local $greater v128)
    (local $lastLogq f64) (local $lastQ f64) (local $best0 f64) (local $best1 f64) (local $index0 i64) (local $index1 i64)
    (local.set $rowBytes (i32.shl (local.get $classes) (i32.const 3)))
    (local.set $pairBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (if (f64.ne (f64.load offset=16 (local.get $given)) (f64.const 0))
          (then
            (local.set $shift (f64x2.splat (f64.load (local.get $given))))
            (local.set $logTotal (f64x2.splat (f64.load offset=8 (local.get $given))))
            (local.set $inverse (f64x2.splat (f64.load offset=16 (local.get $given))))
            (local.set $entropy (f64x2.splat (f64.const 0)))
            (local.set $best (f64x2.splat (f64.const -inf)))
            (local.set $bestIndex (v128.const i64x2 0 0))
            (local.set $index (v128.const i64x2 0 1))
            (local.set $o (i32.const 0))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.ge_u (local.get $o) (local.get $pairBytes)))
                (local.set $at (i32.add (local.get $src) (local.get $o)))
                (local.set $logq
                  (f64x2.sub (f64x2.sub (v128.load (local.get $at)) (local.get $shift)) (local.get $logTotal)))
                (v128.store (i32.add (local.get $at) (local.get $logQ)) (local.get $logq))
                (local.set $q (f64x2.mul (v128.load (i32.add (local.get $at) (local.get $terms))) (local.get $inverse)))
                (local.set $entropy (f64x2.sub (local.get $entropy) (f64x2.mul (local.get $q) (local.get $logq))))
                (v128.store (i32.add (local.get $classSums) (local.get $o))
                  (f64x2.add (v128.load (i32.add (local.get $classSums) (local.get $o))) (local.get $q)))
                ;; the largest log q, lane by lane: replaced only by a larger one
                (local.set $greater (f64x2.gt (local.get $logq) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $logq) (local.get $best) (local.get $greater)))
                (local.set $bestIndex (v128.bitselect (local.get $index) (local.get $bestIndex) (local.get $greater)))
                (local.set $index (i64x2.add (local.get $index) (v128.const i64x2 2 2)))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $pair)))
            (local.set $best0 (f64x2.extract_lane 0 (local.get $best)))
            (local.set $best1 (f64x2.extract_lane 1 (local.get $best)))
            (local.set $index0 (i64x2.extract_lane 0 (local.get $bestIndex)))
            (local.set $index1 (i64x2.extract_lane 1 (local.get $bestIndex)))
            ;; an odd last element: its index is even, the even lane's
            (if (i32.ne (local.get $pairBytes) (local.get $rowBytes))
              (then
                (local.set $at (i32.add (local.get $src) (local.get $pairBytes)))
                (local.set $lastLogq
                  (f64.sub (f64.sub (f64.load (local.get $at)) (f64.load (local.get $given))) (f64.load offset=8 (local.get $given))))
                (f64.store (i32.add (local.get $at) (local.get $logQ)) (local.get $lastLogq))
                (local.set $lastQ (f64.mul (f64.load (i32.add (local.get $at) (local.get $terms))) (f64.load offset=16 (local.get $given))))
                (local.set $entropy
                  (f64x2.replace_lane 0 (local.get $entropy)
                    (f64.sub (f64x2.extract_lane 0 (local.get $entropy)) (f64.mul (local.get $lastQ) (local.get $lastLogq)))))
                (f64.store (i32.add (local.get $classSums) (local.get $pairBytes))
                  (f64.add (f64.load (i32.add (local.get $classSums) (local.get $pairBytes))) (local.get $lastQ)))
                (if (f64.gt (local.get $lastLogq) (local.get $best0))
                  (then
                    (local.set $best0 (local.get $lastLogq))
                    (local.set $index0 (i64.extend_i32_u (i32.sub (local.get $classes) (i32.const 1))))))))
            (f64.store (local.get $out)
              (f64.add (f64x2.extract_lane 0 (local.get $entropy)) (f64x2.extract_lane 1 (local.get $entropy))))
            ;; the larger of the lanes' best; of equals, the smaller index
            (f64.store offset=8 (local.get $out)
              (f64.convert_i64_u
                (if (result i64) (f64.gt (local.get $best1) (local.get $best0))
                  (then (local.get $index1))
                  (else
                    (if (result i64)
                      (i32.and (f64.eq (local.get $best1) (local.get $best0)) (i64.lt_u (local.get $index1) (local.get $index0)))
                      (then (local.get $index1))
                      (else (local.get $index0)))))))))
        (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
        (local.set $given (i32.add (local.get $given) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row)))))
