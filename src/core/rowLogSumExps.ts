/*
 * rowLogSumExps: the maximum m and log Σ exp(x − m) of every row of an (N, C) matrix, the loop in
 * which class-index cross-entropy spends its time, with its own exponential, `expTerm`.
 *
 * expTerm is Tang's method like `expKernel`, traded for speed where a sum can afford it: with
 * k = round(2048·d / ln 2) and r = d − k·ln 2 / 2048 (|r| ≤ ln 2 / 4096; k·ln 2 / 2048 taken in
 * two parts, the high one with its low 20 bits zero so that k times it is exact for |k| < 2^21),
 *   e^d = 2^⌊k/2048⌋ · 2^(j/2048) · e^r,   j = k mod 2048,
 * 2^(j/2048) the nearest double from a 2048-entry table (16 KB, no tails), e^r − 1 by Taylor to
 * degree 3 (truncation r^4/24 < 3.4e-17 = 0.31·2^-53). Error bound: the table's 2^-53 relative,
 * the truncation's 0.31·2^-53 and the final rounding's 0.5 ulp, under 1.9 ulp in all; measured
 * 1.17 ulp at most against exact references (expKernel: 0.51, Math.exp: 0.83). That is enough
 * here, since a row's sum rounds a thousand times anyway: the log-sum-exp of a row comes out
 * within an ulp of exact, closer on average than Math.exp summed in one chain (exp.test.ts).
 *
 * The loop is about 1.4 times as fast as with `expKernel` (cross_entropy on the benchmark: ~255 →
 * ~355 Melem/s), for three reasons found in V8's optimised code: fewer operations (no tail, one
 * degree less); the tables passed in as arguments (read from the module scope inside the loop,
 * typed arrays are re-checked and re-loaded on every iteration); and two accumulators, two
 * independent chains of additions instead of one.
 */
import { EXP_KERNEL_LIMIT, exp2Fraction, POW2, ROUND_SHIFT, tangReduction } from './exp';
import { sumExpShifted } from './logSumExp';
import { loadSimdRowSumExps, type SimdRowSumExps } from './simdRowSumExps';

const TERM_BITS = 11;
const TERM_N = 1 << TERM_BITS;
const { over: N_OVER_LN2, high: LN2_N_HI, low: LN2_N_LO } = tangReduction(TERM_BITS);

/** TERM_TABLE[j] = 2^(j/2048) rounded to nearest. */
export const TERM_TABLE = Float64Array.from({ length: TERM_N }, (_, j) => exp2Fraction(j, TERM_BITS)[0]);

/**
 * e^d for −EXP_KERNEL_LIMIT ≤ d ≤ 0 (see above; NaN for NaN), `table` being TERM_TABLE and `pow2`
 * POW2: the caller passes them, so that V8 holds them in registers through its loop.
 * Exported for its accuracy test.
 */
export function expTerm(d: number, table: Float64Array, pow2: Float64Array): number {
  const kd = N_OVER_LN2 * d + ROUND_SHIFT - ROUND_SHIFT;
  const r = d - kd * LN2_N_HI - kd * LN2_N_LO;
  const k = kd | 0;
  const scale = table[k & (TERM_N - 1)] * pow2[((k >> TERM_BITS) + 1023) & 2047];
  return scale + scale * (r + r * r * (0.5 + r * (1 / 6)));
}

/** Per row of a row-major (rows × classes) matrix: its maximum m and log Σ exp(x − m). */
export interface RowLogSumExps {
  readonly max: Float64Array;
  readonly logTotal: Float64Array;
}

let simd: SimdRowSumExps | undefined | null = null; // null: not loaded yet

/** rowSumExps.wat, loaded on first use; undefined where WebAssembly SIMD is not available. */
export function simdRowSumExps(): SimdRowSumExps | undefined {
  if (simd === null) simd = loadSimdRowSumExps(TERM_TABLE);
  return simd;
}

/**
 * `rowMax` and log Σ exp(x − m) of every row: with WebAssembly SIMD where the engine has it
 * (simdRowSumExps.ts), in JavaScript otherwise, the same results bit for bit either way.
 */
export function rowLogSumExps(x: Float64Array, rows: number, classes: number): RowLogSumExps {
  const simd = simdRowSumExps();
  const maxes = new Float64Array(rows);
  const totals = new Float64Array(rows);
  if (!simd || classes === 0 || !simd.sums(x, rows, classes, maxes, totals)) return rowLogSumExpsInScript(x, rows, classes);
  for (let n = 0, start = 0; n < rows; n++, start += classes) {
    // Lanes keep the first of equal maxima each; only a 0 can tell which came first (−0 or +0).
    if (maxes[n] === 0) maxes[n] = rowRange(x, start, classes)[0];
    if (totals[n] < 0) totals[n] = sumExpShifted(x, start, classes, 1, maxes[n]);
    totals[n] = Math.log(totals[n]);
  }
  return { max: maxes, logTotal: totals };
}

/**
 * rowLogSumExps in JavaScript, in one sweep: the loop exponentiating row n also finds
 * the maximum and minimum of row n + 1 (of row n again for the last row), so reading the next row
 * from memory overlaps the arithmetic, and its minimum tells in advance whether every x − m of
 * that row lies in `expTerm`'s range. A row that does not (a −∞ mask, a logit of 1e300) goes
 * through `sumExpShifted`, so that its edge cases are exactly Math.exp's; a NaN gives NaN.
 */
export function rowLogSumExpsInScript(x: Float64Array, rows: number, classes: number): RowLogSumExps {
  const maxes = new Float64Array(rows);
  const logTotals = new Float64Array(rows);
  const table = TERM_TABLE;
  const pow2 = POW2;
  let [max, min] = rowRange(x, 0, rows > 0 ? classes : 0);
  for (let n = 0; n < rows; n++) {
    const start = n * classes;
    const end = start + classes;
    const ahead = n + 1 < rows ? classes : 0; // offset of the row whose range is found
    let total = 0;
    let nextMax = -Infinity;
    let nextMin = Infinity;
    if (min - max >= -EXP_KERNEL_LIMIT) {
      let odd = 0; // the odd elements' sum: two chains of additions run side by side
      let i = start;
      for (; i + 1 < end; i += 2) {
        total += expTerm(x[i] - max, table, pow2);
        odd += expTerm(x[i + 1] - max, table, pow2);
        const a = x[i + ahead];
        const b = x[i + 1 + ahead];
        if (a > nextMax) nextMax = a;
        if (a < nextMin) nextMin = a;
        if (b > nextMax) nextMax = b;
        if (b < nextMin) nextMin = b;
      }
      if (i < end) {
        total += expTerm(x[i] - max, table, pow2);
        const a = x[i + ahead];
        if (a > nextMax) nextMax = a;
        if (a < nextMin) nextMin = a;
      }
      total += odd;
    } else {
      total = sumExpShifted(x, start, classes, 1, max);
      [nextMax, nextMin] = rowRange(x, start + ahead, classes);
    }
    maxes[n] = max;
    logTotals[n] = Math.log(total);
    max = nextMax;
    min = nextMin;
  }
  return { max: maxes, logTotal: logTotals };
}

/** The largest and the smallest of `count` elements from `start` (NaN skipped, as by `rowMax`). */
function rowRange(x: Float64Array, start: number, count: number): [number, number] {
  let max = -Infinity;
  let min = Infinity;
  for (let i = start; i < start + count; i++) {
    if (x[i] > max) max = x[i];
    if (x[i] < min) min = x[i];
  }
  return [max, min];
}
