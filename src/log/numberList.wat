;; numberList: reads the numbers of a JSON list from a record line copied into this module's
;; memory, as decimal.ts's `readNumberInto` does, but eight digits at a time in 64-bit integers,
;; which JavaScript does not have. Every value is the correctly rounded double of its digits, so
;; it is the value `JSON.parse` and `readNumberInto` give, bit for bit. Whatever is not the common
;; shape (an exponent, more than 19 digits, a leading zero, NaN, a tab, an error) stops the reading
;; at that number or byte, for recordFields.ts to go on in JavaScript; so does a value that the
;; double-double product below cannot round with certainty.
;;
;; A number's digits make an integer w < 10^19 and an exponent q (minus the fraction digits); its
;; value is w·10^q rounded once:
;;   - w < 2^53 and q ≥ −22: w and 10^−q are exact doubles, so w / 10^−q is (Clinger's fast path);
;;   - otherwise as decimal.ts's tier 2: w as the pair m + dm (exact), 10^q as the pair p + dp
;;     (within 2^−106), their product by Dekker's exact TwoProduct and the cross terms, within
;;     2^−99 of the true value; if both ends of that product ± 2^−80 round to the same double, so
;;     does the true value, which is then the answer.
;;
;; The functions marked @inline are written into their callers by scripts/wasm.mjs before it
;; assembles this file: V8 does not inline WebAssembly calls, and these cost as much as a call.
;;
;; Memory (the offsets are exported, recordFields.ts writes the tables and copies lines in):
;; powers of ten (tier 2's, from powersOfTen.ts), exact powers, the line, the values read.
(module
  ;; 6.25 MiB, never grown (a grow detaches the old ArrayBuffer, see src/core/rowSumExps.wat)
  (memory (export "memory") 100)
  (global $powersAt (export "powersAt") i32 (i32.const 0)) ;; 501 × (high, low, top, bottom) for 10^−250 … 10^250
  (global $exactPowersAt (export "exactPowersAt") i32 (i32.const 16032)) ;; 10^0 … 10^22, doubles
  (global $integerPowersAt (export "integerPowersAt") i32 (i32.const 16216)) ;; 10^0 … 10^19, i64
  (global (export "lineAt") i32 (i32.const 16384))
  (global (export "lineRoom") i32 (i32.const 4194240)) ;; 4 MiB − 64: 64 zero bytes after a line
  (global (export "valuesAt") i32 (i32.const 4210688)) ;; lineAt + 4 MiB
  (global (export "valuesRoom") i32 (i32.const 262144))
  ;; where the last call stopped, and whether it read the list's closing bracket
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $closed (export "closed") (mut i32) (i32.const 0))

  ;; Per byte of `word` (ASCII digits XOR 0x30, so a digit's byte holds its value): the top bit set
  ;; where the byte is no digit (above 9); no carry crosses bytes (the top bits are set aside).
  ;; @inline
  (func $nonDigits (param $word i64) (result i64)
    (i64.and
      (i64.or
        (i64.add (i64.and (local.get $word) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7676767676767676))
        (local.get $word))
      (i64.const 0x8080808080808080)))

  ;; The value of eight digit values, one a byte, the first in the lowest byte (SWAR: pairs, then
  ;; fours, then all eight, each step one multiplication).
  ;; @inline
  (func $eightDigits (param $word i64) (result i64)
    (i64.shr_u
      (i64.mul
        (i64.and
          (i64.shr_u
            (i64.mul
              (i64.and (i64.shr_u (i64.mul (local.get $word) (i64.const 2561)) (i64.const 8)) (i64.const 0x00ff00ff00ff00ff))
              (i64.const 6553601))
            (i64.const 16))
          (i64.const 0x0000ffff0000ffff))
        (i64.const 42949672960001))
      (i64.const 32)))

  ;; Reads numbers from byte `at` (the first number of a list, or the next one), each followed by
  ;; `,` or `]` (spaces around them allowed), writing their values from byte `out`, at most `room`.
  ;; Returns how many it read; $stop is the byte after the last separator read, $closed is 1 if
  ;; that was the `]`.
  ;;
  ;; The common shape (a sign, one digit, a dot, 1 to 20 fraction digits: Python's repr of nearly
  ;; every float in a log) is read as decimal.ts reads it, with a fixed number of steps: 24 bytes
  ;; after the dot in three words, where the fraction ends found from their non-digit bytes, the
  ;; bytes from there on zeroed, and the digits read as a 21-digit significand over 10^20. No step
  ;; waits on the one before to know where to read, so that the processor overlaps numbers.
  (func (export "readList") (param $at i32) (param $out i32) (param $room i32) (result i32)
    (local $count i32) (local $p i32) (local $minus i32) (local $digits i32) (local $n i32) (local $lead i32)
    (local $word i64) (local $w i64) (local $fractionDigits i32) (local $byte i32)
    (local $x0 i64) (local $x1 i64) (local $x2 i64) (local $marks0 i64) (local $marks1 i64) (local $marks2 i64)
    (local $kept0 i64) (local $kept1 i64) (local $kept2 i64) (local $high i64) (local $top i64)
    (local $value f64) (local $m f64) (local $dm f64) (local $a f64) (local $b f64) (local $power i32)
    (local $product f64) (local $tail f64) (local $sum f64) (local $sumTail f64) (local $margin f64)
    (local $spread f64) (local $mTop f64) (local $mBottom f64) (local $pHigh f64)
    (global.set $closed (i32.const 0))
    (block $stopped
      (loop $next
        (global.set $stop (local.get $at))
        (br_if $stopped (i32.ge_u (local.get $count) (local.get $room)))
        (local.set $minus (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x2d)))
        (local.set $p (i32.add (local.get $at) (local.get $minus)))

        (block $stored
          (block $scaled ;; m + dm (exact) times 10^q, q's entry in the table at $power, still to round
            (block $general
              ;; the common shape
              (local.set $lead (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
              (br_if $general
                (i32.or (i32.gt_u (local.get $lead) (i32.const 9)) (i32.ne (i32.load8_u offset=1 (local.get $p)) (i32.const 0x2e))))
              (local.set $x0 (i64.xor (i64.load offset=2 (local.get $p)) (i64.const 0x3030303030303030)))
              (local.set $x1 (i64.xor (i64.load offset=10 (local.get $p)) (i64.const 0x3030303030303030)))
              (local.set $x2 (i64.xor (i64.load offset=18 (local.get $p)) (i64.const 0x3030303030303030)))
              (local.set $marks0 (call $nonDigits (local.get $x0)))
              (local.set $marks1 (call $nonDigits (local.get $x1)))
              (local.set $marks2 (call $nonDigits (local.get $x2)))
              ;; all ones in the bytes before a word's first non-digit (in all of them if none), and
              ;; in none once an earlier word had one
              (local.set $kept0
                (i64.sub (i64.shr_u (i64.and (local.get $marks0) (i64.sub (i64.const 0) (local.get $marks0))) (i64.const 7)) (i64.const 1)))
              (local.set $kept1
                (i64.and
                  (i64.sub (i64.shr_u (i64.and (local.get $marks1) (i64.sub (i64.const 0) (local.get $marks1))) (i64.const 7)) (i64.const 1))
                  (i64.sub (i64.const 0) (i64.extend_i32_u (i64.eqz (local.get $marks0))))))
              (local.set $kept2
                (i64.and
                  (i64.sub (i64.shr_u (i64.and (local.get $marks2) (i64.sub (i64.const 0) (local.get $marks2))) (i64.const 7)) (i64.const 1))
                  (i64.sub (i64.const 0) (i64.extend_i32_u (i64.eqz (i64.or (local.get $marks0) (local.get $marks1)))))))
              ;; 1 to 20 fraction digits (a 21st is for the general path)
              (br_if $general
                (i32.or
                  (i64.eqz (i64.and (local.get $kept0) (i64.const 0xff)))
                  (i64.gt_u (local.get $kept2) (i64.const 0xffffffff))))
              (local.set $n
                (i32.wrap_i64
                  (i64.shr_u
                    (i64.add (i64.add (i64.popcnt (local.get $kept0)) (i64.popcnt (local.get $kept1))) (i64.popcnt (local.get $kept2)))
                    (i64.const 3))))
              (local.set $p (i32.add (i32.add (local.get $p) (i32.const 2)) (local.get $n)))
              ;; an exponent: the general path
              (br_if $general (i32.eq (i32.or (i32.load8_u (local.get $p)) (i32.const 0x20)) (i32.const 0x65)))
              ;; the significand lead·10^20 + fraction, zero-padded to 20 digits, as high·10^4 + low
              ;; (high: 17 digits, below 2^57), then as m + dm exactly: high = top·2^26 + rest, and
              ;; top·10^4·2^26 and rest·10^4 + low are exact doubles
              (local.set $high
                (i64.add
                  (i64.add
                    (i64.mul (i64.extend_i32_u (local.get $lead)) (i64.const 10000000000000000))
                    (i64.mul (call $eightDigits (i64.and (local.get $x0) (local.get $kept0))) (i64.const 100000000)))
                  (call $eightDigits (i64.and (local.get $x1) (local.get $kept1)))))
              (local.set $top (i64.shr_u (local.get $high) (i64.const 26)))
              (local.set $a (f64.mul (f64.convert_i64_u (local.get $top)) (f64.const 671088640000))) ;; 10^4·2^26
              (local.set $b
                (f64.add
                  (f64.mul (f64.convert_i64_u (i64.and (local.get $high) (i64.const 0x3ffffff))) (f64.const 10000))
                  (f64.convert_i64_u (call $eightDigits (i64.shl (i64.and (local.get $x2) (local.get $kept2)) (i64.const 32))))))
              (local.set $m (f64.add (local.get $a) (local.get $b)))
              (local.set $dm (f64.add (f64.sub (local.get $a) (f64.sub (local.get $m) (f64.sub (local.get $m) (local.get $a))))
                                      (f64.sub (local.get $b) (f64.sub (local.get $m) (local.get $a)))))
              (local.set $power (i32.add (global.get $powersAt) (i32.const 7360))) ;; 10^−20: (−20 + 250)·32
              (br $scaled))

            ;; the general path: one to seven integer digits (no leading zero but a lone "0"),
            ;; perhaps a fraction, 19 digits in all at most
            (local.set $word (i64.xor (i64.load (local.get $p)) (i64.const 0x3030303030303030)))
            (local.set $digits (i32.wrap_i64 (i64.shr_u (i64.ctz (call $nonDigits (local.get $word))) (i64.const 3))))
            (br_if $stopped (i32.or (i32.eqz (local.get $digits)) (i32.eq (local.get $digits) (i32.const 8))))
            (br_if $stopped
              (i32.and (i32.gt_u (local.get $digits) (i32.const 1)) (i64.eqz (i64.and (local.get $word) (i64.const 0xff)))))
            ;; the digits moved to the top bytes, zeros below them
            (local.set $w
              (call $eightDigits
                (i64.shl (local.get $word) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $digits) (i32.const 3)))))))
            (local.set $p (i32.add (local.get $p) (local.get $digits)))
            (local.set $fractionDigits (i32.const 0))
            (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (block $fractionRead
                  (loop $fraction
                    (local.set $word (i64.xor (i64.load (local.get $p)) (i64.const 0x3030303030303030)))
                    (local.set $n (i32.wrap_i64 (i64.shr_u (i64.ctz (call $nonDigits (local.get $word))) (i64.const 3))))
                    (br_if $fractionRead (i32.eqz (local.get $n)))
                    (br_if $stopped (i32.gt_u (i32.add (local.get $digits) (local.get $n)) (i32.const 19)))
                    (local.set $w
                      (i64.add
                        (i64.mul (local.get $w)
                          (i64.load (i32.add (global.get $integerPowersAt) (i32.shl (local.get $n) (i32.const 3)))))
                        (call $eightDigits
                          (i64.shl (local.get $word) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $n) (i32.const 3))))))))
                    (local.set $digits (i32.add (local.get $digits) (local.get $n)))
                    (local.set $fractionDigits (i32.add (local.get $fractionDigits) (local.get $n)))
                    (local.set $p (i32.add (local.get $p) (local.get $n)))
                    (br_if $fraction (i32.eq (local.get $n) (i32.const 8)))))
                ;; "1." is no number: JavaScript says so
                (br_if $stopped (i32.eqz (local.get $fractionDigits)))))
            ;; an exponent is for JavaScript
            (br_if $stopped (i32.eq (i32.or (i32.load8_u (local.get $p)) (i32.const 0x20)) (i32.const 0x65)))
            ;; w < 2^53: w / 10^fractionDigits, both exact, rounds once
            (if (i64.lt_u (local.get $w) (i64.const 0x20000000000000))
              (then
                (local.set $value
                  (f64.div
                    (f64.convert_i64_u (local.get $w))
                    (f64.load (i32.add (global.get $exactPowersAt) (i32.shl (local.get $fractionDigits) (i32.const 3))))))
                (br $stored)))
            ;; m + dm = w exactly (w − m is small and exact)
            (local.set $m (f64.convert_i64_u (local.get $w)))
            (local.set $dm (f64.convert_i64_s (i64.sub (local.get $w) (i64.trunc_f64_u (local.get $m)))))
            (local.set $power
              (i32.add (global.get $powersAt) (i32.shl (i32.sub (i32.const 250) (local.get $fractionDigits)) (i32.const 5)))))

          ;; tier 2: (m + dm)·(p + dp), m·p by Dekker's TwoProduct from the halves of m and of p
          ;; (p's at +16 and +24), the cross terms m·dp + dm·p; rounded if both ends of ± 2^−80
          ;; round alike, else JavaScript's
          (local.set $pHigh (f64.load (local.get $power)))
          (local.set $spread (f64.mul (f64.const 134217729) (local.get $m)))
          (local.set $mTop (f64.sub (local.get $spread) (f64.sub (local.get $spread) (local.get $m))))
          (local.set $mBottom (f64.sub (local.get $m) (local.get $mTop)))
          (local.set $product (f64.mul (local.get $m) (local.get $pHigh)))
          (local.set $tail
            (f64.add
              (f64.add
                (f64.add
                  (f64.add
                    (f64.sub (f64.mul (local.get $mTop) (f64.load offset=16 (local.get $power))) (local.get $product))
                    (f64.mul (local.get $mTop) (f64.load offset=24 (local.get $power))))
                  (f64.mul (local.get $mBottom) (f64.load offset=16 (local.get $power))))
                (f64.mul (local.get $mBottom) (f64.load offset=24 (local.get $power))))
              (f64.add
                (f64.mul (local.get $m) (f64.load offset=8 (local.get $power)))
                (f64.mul (local.get $dm) (local.get $pHigh)))))
          (local.set $sum (f64.add (local.get $product) (local.get $tail)))
          (local.set $sumTail (f64.sub (local.get $tail) (f64.sub (local.get $sum) (local.get $product))))
          (local.set $margin (f64.mul (local.get $sum) (f64.const 0x1p-80)))
          (local.set $value (f64.add (local.get $sum) (f64.add (local.get $sumTail) (local.get $margin))))
          (br_if $stopped
            (f64.ne (local.get $value) (f64.add (local.get $sum) (f64.sub (local.get $sumTail) (local.get $margin))))))
        (f64.store (local.get $out) (select (f64.neg (local.get $value)) (local.get $value) (local.get $minus)))

        ;; the separator: spaces, then `,` (and spaces) or `]`
        (local.set $byte (i32.load8_u (local.get $p)))
        (block $spaced
          (loop $space
            (br_if $spaced (i32.ne (local.get $byte) (i32.const 0x20)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $byte (i32.load8_u (local.get $p)))
            (br $space)))
        (br_if $stopped (i32.and (i32.ne (local.get $byte) (i32.const 0x2c)) (i32.ne (local.get $byte) (i32.const 0x5d))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $at (i32.add (local.get $p) (i32.const 1)))
        (if (i32.eq (local.get $byte) (i32.const 0x5d))
          (then
            (global.set $stop (local.get $at))
            (global.set $closed (i32.const 1))
            (br $stopped)))
        (block $afterComma
          (loop $space
            (br_if $afterComma (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x20)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $space)))
        (br $next)))
    (local.get $count)))
