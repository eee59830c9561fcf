/*
 * log1pExpNeg(a) = log(1 + e^(−a)) for a ≥ 0: the part softplus(x) and softplus(−x) share
 * (softplus(±x) = max(±x, 0) + log1pExpNeg(|x|)), so the heart of BCE-with-logits. Computing it
 * as Math.log1p(e^(−a)) costs a call into V8's C++ and rounds twice; this kernel calls nothing.
 *
 * Method: a table-driven Taylor expansion. On the grid a_K = K·ln 2/64, with K = round(64·a/ln 2)
 * and t = a − a_K (|t| ≤ ln 2/128 ≈ 0.0054),
 *   f(a) = f(a_K) + Σ_{n=1..6} f⁽ⁿ⁾(a_K)/n! · tⁿ,   f(a) = log(1 + e^(−a)),
 * where every derivative is a polynomial in s = σ(−a_K) (f′ = −s and ds/da = −s(1 − s)). The table
 * holds f(a_K) = log1p(2^(−K/64)) as a double-double (`log1pDoubleDouble`, from exp.ts's 2^(j/512)
 * table) and the six coefficients; it is filled on first use. The expansion's radius of
 * convergence is π (f has poles at a = ±iπ), so the truncation is below (0.0054/π)^7 ≈ 2^-64 of f.
 * Beyond a = 40, log(1 + e^(−a)) = e^(−a)·(1 − e^(−a)/2 + …) rounds to e^(−a) (the correction is
 * below 2^-58), and the kernel returns expKernel(−a), or Math.exp(−a) beyond 700 (so that it
 * underflows to 0 exactly as Math.exp does).
 *
 * Error: below 40 the Taylor sum is at most 0.006 of the result, so its rounding adds < 0.01 ulp to
 * the final addition's 0.5 ulp; above 40, expKernel's 0.52 ulp. Measured: at most 0.504 ulp below
 * 40 and 0.512 above, against 50-digit references at 60,000 points (test/unit/log1pExp.test.ts
 * checks a double-double reference). NaN gives NaN, +∞ gives 0.
 *
 * Stable: f(a_K) and the Taylor terms all scale with e^(−a), so large a keeps full relative
 * precision (log1pExpNeg(40) ≈ 4.2e−18, not 0), and no term can overflow or cancel.
 */
import type { DoubleDouble } from './doubleDouble';
import { EXP_KERNEL_LIMIT, exp2Fraction512, expKernel, ROUND_SHIFT, tangReduction } from './exp';
import { log1pDoubleDouble } from './log';

/** Below this a, the table; from it on, e^(−a). */
export const LOG1P_EXP_TABLE_END = 40;
const GRID = 64; // 2^6
const K_MAX = Math.ceil((LOG1P_EXP_TABLE_END * GRID) / Math.LN2);
const DEGREE = 6;
/** Per grid point: f(a_K) as hi and lo, then the Taylor coefficients of t¹ … t⁶. */
const STRIDE = 2 + DEGREE;
/** a·GRID_OVER_LN2 rounds to the grid point K; ln 2 / 64 = STEP_HI + STEP_LO, K·STEP_HI exact. */
const { over: GRID_OVER_LN2, high: STEP_HI, low: STEP_LO } = tangReduction(6);

/** log(1 + e^(−a)) for a ≥ 0 (see above); NaN for NaN. */
export function log1pExpNeg(a: number): number {
  if (!(a < tableEnd)) return log1pExpNegOutsideTable(a);
  const kd = a * GRID_OVER_LN2 + ROUND_SHIFT - ROUND_SHIFT;
  const t = a - kd * STEP_HI - kd * STEP_LO;
  const i = (kd | 0) * STRIDE;
  const c = TABLE;
  // Estrin's scheme: a shorter chain of dependent operations than Horner's.
  const t2 = t * t;
  const taylor = t * (c[i + 2] + t * c[i + 3]) + t2 * t * (c[i + 4] + t * c[i + 5] + t2 * (c[i + 6] + t * c[i + 7]));
  return c[i] + (c[i + 1] + taylor);
}

/** 2^(−K/64) as a double-double. */
function exp2Negative(k: number): DoubleDouble {
  const whole = Math.floor(k / GRID);
  const fraction = k - whole * GRID;
  if (fraction === 0) return [2 ** -whole, 0];
  // 2^(−fraction/64) = 2^((512 − 8·fraction)/512) / 2
  const [hi, lo] = exp2Fraction512(512 - (512 / GRID) * fraction);
  const scale = 2 ** -(whole + 1);
  return [hi * scale, lo * scale];
}

/**
 * Coefficients (in powers of s) of f⁽ⁿ⁾ for n = 1 … DEGREE, each divided by n!: f′ = −s, and
 * f⁽ⁿ⁺¹⁾ = d f⁽ⁿ⁾/ds · ds/da with ds/da = −s + s².
 */
function taylorPolynomials(): number[][] {
  const polynomials = [[0, -1]];
  for (let n = 1; n < DEGREE; n++) {
    const previous = polynomials[n - 1];
    const next = new Array<number>(previous.length + 1).fill(0);
    for (let power = 1; power < previous.length; power++) {
      const derivative = power * previous[power]; // coefficient of s^(power − 1) in d/ds
      next[power] -= derivative; // · (−s)
      next[power + 1] += derivative; // · s²
    }
    polynomials.push(next.map((coefficient) => coefficient / (n + 1)));
  }
  return polynomials;
}

function fillTable(table: Float64Array): void {
  const polynomials = taylorPolynomials();
  for (let k = 0; k <= K_MAX; k++) {
    const v = exp2Negative(k);
    const [fHi, fLo] = log1pDoubleDouble(v);
    const s = v[0] / (1 + v[0]);
    table[STRIDE * k] = fHi;
    table[STRIDE * k + 1] = fLo;
    for (let n = 0; n < DEGREE; n++) {
      const polynomial = polynomials[n];
      let value = 0;
      for (let power = polynomial.length - 1; power >= 0; power--) value = value * s + polynomial[power];
      table[STRIDE * k + 2 + n] = value;
    }
  }
}

/**
 * The table is filled on first use (about 20 ms, which sessions without BCE never spend):
 * until then `tableEnd` is 0, so that every a goes to log1pExpNegOutsideTable, which fills it. The
 * array itself is allocated once and never replaced, so V8 can treat it as a constant.
 */
const TABLE = new Float64Array(STRIDE * (K_MAX + 1));
let tableEnd = 0;

function log1pExpNegOutsideTable(a: number): number {
  if (a < LOG1P_EXP_TABLE_END) {
    fillTable(TABLE);
    tableEnd = LOG1P_EXP_TABLE_END;
    return log1pExpNeg(a);
  }
  return a <= EXP_KERNEL_LIMIT ? expKernel(-a) : Math.exp(-a);
}
