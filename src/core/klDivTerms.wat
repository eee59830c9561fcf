;; klDivTerms: kl_div's pointwise terms p·(log p − log q), two elements at a time with WebAssembly
;; SIMD (f64x2 lanes), log p by `logKernel` (log.ts) with the same operations in the same order, so
;; every term is bit for bit the JavaScript one. Targets outside logKernel's domain (0, subnormal,
;; within 1/16 of 1, negative, ±∞, NaN) are listed for the caller, which computes their terms with
;; Math.log (klDiv.ts); their lanes hold 0 here.
;;
;; The speed comes from the two lanes and from what V8's JavaScript could not do: the exponent read
;; and removed with integer lane arithmetic on the double's bits (no Int32Array view, no table of
;; powers of two), and a table entry's four doubles read with two loads.
;;
;; Memory: logKernel's table at byte 0 (512 entries of c, 1/c, log c high, log c low: 32 bytes
;; each), written by the caller, which copies a block of p and log q in, calls this, and reads the
;; terms, the two lane sums and the list out (simdKlDivTerms.ts). `npm run build` assembles this
;; file into klDivTermsModule.ts; a unit test checks the two agree.
(module
  ;; 192 KiB, never grown (see rowSumExps.wat)
  (memory (export "memory") 3)

  ;; Constants, one in each lane. Mutable so that V8 reads each into a register once, before the
  ;; loop: it rebuilds a constant from immediates on every turn. Integer ones sit in the i32 lanes
  ;; 1 and 3, the high words of the two doubles (little-endian).
  (global $offsetHigh (mut v128) (v128.const i32x4 0 0x3fe6a000 0 0x3fe6a000)) ;; high word of 0.70703125
  ;; inLogKernelDomain's unsigned tests (high − from) < span, as signed ones: 2^31 added to both
  ;; sides (high − (from + 2^31) < span − 2^31), which maps unsigned order onto signed order
  (global $belowOneFrom (mut v128) (v128.const i32x4 0 0x80100000 0 0x80100000)) ;; the smallest normal's high word
  (global $belowOneSpan (mut v128) (v128.const i32x4 0 0xbfde0000 0 0xbfde0000)) ;; to 0.9375's
  (global $aboveOneFrom (mut v128) (v128.const i32x4 0 0xbff10000 0 0xbff10000)) ;; 1.0625's
  (global $aboveOneSpan (mut v128) (v128.const i32x4 0 0xbfff0000 0 0xbfff0000)) ;; to +∞'s
  (global $exponentBits (mut v128) (v128.const i32x4 0 0xfff00000 0 0xfff00000))
  (global $ln2High (mut v128) (v128.const f64x2 0x1.62e42fefa38p-1 0x1.62e42fefa38p-1))
  (global $ln2Low (mut v128) (v128.const f64x2 0x1.ef35793c7673p-45 0x1.ef35793c7673p-45))
  (global $minusHalf (mut v128) (v128.const f64x2 -0.5 -0.5))
  (global $third (mut v128) (v128.const f64x2 0x1.5555555555555p-2 0x1.5555555555555p-2))
  (global $minusQuarter (mut v128) (v128.const f64x2 -0.25 -0.25))
  (global $fifth (mut v128) (v128.const f64x2 0x1.999999999999ap-3 0x1.999999999999ap-3))
  (global $minusSixth (mut v128) (v128.const f64x2 -0x1.5555555555555p-3 -0x1.5555555555555p-3))

  ;; For the `pairs` pairs of doubles from byte `p` (targets) and byte `logQ` (inputs): each term
  ;; into the doubles from byte `terms`, the even-indexed terms added to lane 0 and the odd ones to
  ;; lane 1 of the two running sums at byte `sums` (read and written back), and the index of every
  ;; target outside logKernel's domain into the i32s from byte `outside`. Returns how many it listed.
  (func (export "klDivTerms")
    (param $p i32) (param $logQ i32) (param $pairs i32) (param $terms i32) (param $sums i32) (param $outside i32)
    (result i32)
    (local $offset i32) (local $end i32) (local $listed i32) (local $at0 i32) (local $at1 i32)
    (local $x v128) (local $shifted v128) (local $inside v128) (local $k v128) (local $kf v128)
    (local $entries0 v128) (local $entries1 v128) (local $logs0 v128) (local $logs1 v128)
    (local $z v128) (local $r v128) (local $r2 v128) (local $hiSum v128) (local $hi v128)
    (local $tail v128) (local $term v128) (local $sum v128)
    (local $offsetHigh v128) (local $belowOneFrom v128) (local $belowOneSpan v128)
    (local $aboveOneFrom v128) (local $aboveOneSpan v128) (local $exponentBits v128)
    (local $ln2High v128) (local $ln2Low v128) (local $minusHalf v128) (local $third v128)
    (local $minusQuarter v128) (local $fifth v128) (local $minusSixth v128)
    (local.set $offsetHigh (global.get $offsetHigh))
    (local.set $belowOneFrom (global.get $belowOneFrom))
    (local.set $belowOneSpan (global.get $belowOneSpan))
    (local.set $aboveOneFrom (global.get $aboveOneFrom))
    (local.set $aboveOneSpan (global.get $aboveOneSpan))
    (local.set $exponentBits (global.get $exponentBits))
    (local.set $ln2High (global.get $ln2High))
    (local.set $ln2Low (global.get $ln2Low))
    (local.set $minusHalf (global.get $minusHalf))
    (local.set $third (global.get $third))
    (local.set $minusQuarter (global.get $minusQuarter))
    (local.set $fifth (global.get $fifth))
    (local.set $minusSixth (global.get $minusSixth))
    (local.set $sum (v128.load (local.get $sums)))
    (local.set $end (i32.shl (local.get $pairs) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $offset) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $p) (local.get $offset))))

        ;; inLogKernelDomain: two unsigned range checks of the high word, in lanes 1 and 3
        (local.set $inside
          (v128.or
            (i32x4.lt_s (i32x4.sub (local.get $x) (local.get $belowOneFrom)) (local.get $belowOneSpan))
            (i32x4.lt_s (i32x4.sub (local.get $x) (local.get $aboveOneFrom)) (local.get $aboveOneSpan))))
        ;; each lane 1 and 3 spread over its double: all ones where the target is inside
        (local.set $inside (i8x16.shuffle 4 5 6 7 4 5 6 7 12 13 14 15 12 13 14 15 (local.get $inside) (local.get $inside)))

        ;; shifted = high − OFFSET_HIGH, k = shifted >> 20, entry = (shifted >> 11) & 511
        (local.set $shifted (i32x4.sub (local.get $x) (local.get $offsetHigh)))
        (local.set $k (i32x4.shr_s (local.get $shifted) (i32.const 20)))
        (local.set $at0
          (i32.shl (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $shifted)) (i32.const 11)) (i32.const 511)) (i32.const 5)))
        (local.set $at1
          (i32.shl (i32.and (i32.shr_u (i32x4.extract_lane 3 (local.get $shifted)) (i32.const 11)) (i32.const 511)) (i32.const 5)))
        ;; the two entries, as (c, 1/c) and (log c high, log c low) per lane
        (local.set $entries0 (v128.load (local.get $at0)))
        (local.set $entries1 (v128.load (local.get $at1)))
        (local.set $logs0 (v128.load offset=16 (local.get $at0)))
        (local.set $logs1 (v128.load offset=16 (local.get $at1)))
        ;; k as a double, and z = x·2^-k, exact: shifted's top 12 bits are k·2^20 in the high word, so
        ;; k·2^52 in the double's 64 bits
        (local.set $kf (f64x2.convert_low_i32x4_s (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $k) (local.get $k))))
        (local.set $z (i64x2.sub (local.get $x) (v128.and (local.get $shifted) (local.get $exponentBits))))

        ;; r = (z − c)·(1/c)
        (local.set $r
          (f64x2.mul
            (f64x2.sub (local.get $z) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $entries0) (local.get $entries1)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $entries0) (local.get $entries1))))
        ;; hiSum = k·LN2_HI + log c high; hi = hiSum + r
        (local.set $hiSum
          (f64x2.add
            (f64x2.mul (local.get $kf) (local.get $ln2High))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $logs0) (local.get $logs1))))
        (local.set $hi (f64x2.add (local.get $hiSum) (local.get $r)))
        ;; tail = r²·(−1/2 + r/3 + r²·(−1/4 + r/5 + r²·(−1/6)))
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $tail
          (f64x2.mul (local.get $r2)
            (f64x2.add
              (f64x2.add (local.get $minusHalf) (f64x2.mul (local.get $r) (local.get $third)))
              (f64x2.mul (local.get $r2)
                (f64x2.add
                  (f64x2.add (local.get $minusQuarter) (f64x2.mul (local.get $r) (local.get $fifth)))
                  (f64x2.mul (local.get $r2) (local.get $minusSixth)))))))
        ;; log p = hi + (hiSum − hi + r + (k·LN2_LO + log c low) + tail); term = p·(log p − log q)
        (local.set $term
          (f64x2.mul (local.get $x)
            (f64x2.sub
              (f64x2.add (local.get $hi)
                (f64x2.add
                  (f64x2.add
                    (f64x2.add (f64x2.sub (local.get $hiSum) (local.get $hi)) (local.get $r))
                    (f64x2.add
                      (f64x2.mul (local.get $kf) (local.get $ln2Low))
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $logs0) (local.get $logs1))))
                  (local.get $tail)))
              (v128.load (i32.add (local.get $logQ) (local.get $offset))))))
        ;; 0 where the target is outside (no term here is −0, so adding that 0 changes no sum)
        (local.set $term (v128.and (local.get $term) (local.get $inside)))
        (v128.store (i32.add (local.get $terms) (local.get $offset)) (local.get $term))
        (local.set $sum (f64x2.add (local.get $sum) (local.get $term)))

        (if (i32.eqz (i64x2.all_true (local.get $inside)))
          (then
            (if (i64.eqz (i64x2.extract_lane 0 (local.get $inside)))
              (then
                (i32.store (i32.add (local.get $outside) (i32.shl (local.get $listed) (i32.const 2)))
                  (i32.shr_u (local.get $offset) (i32.const 3)))
                (local.set $listed (i32.add (local.get $listed) (i32.const 1)))))
            (if (i64.eqz (i64x2.extract_lane 1 (local.get $inside)))
              (then
                (i32.store (i32.add (local.get $outside) (i32.shl (local.get $listed) (i32.const 2)))
                  (i32.add (i32.shr_u (local.get $offset) (i32.const 3)) (i32.const 1)))
                (local.set $listed (i32.add (local.get $listed) (i32.const 1)))))))

        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $next)))
    (v128.store (local.get $sums) (local.get $sum))
    (local.get $listed)))
