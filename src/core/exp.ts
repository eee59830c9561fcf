/*
 * expKernel: e^d without calling Math.exp, which is a call out of optimised JavaScript into V8's C++
 * fdlibm port and costs as much as the rest of a log-sum-exp loop. The method is Tang's, as in
 * glibc's and musl's exp: with k = round(512·d / ln 2) and r = d − k·ln 2 / 512 (|r| ≤ ln 2 / 1024;
 * k·ln 2 / 512 is taken in two parts, so that r carries no error beyond its own rounding),
 *   e^d = 2^⌊k/512⌋ · 2^(j/512) · e^r,   j = k mod 512,
 * 2^(j/512) from a table (the double nearest it, plus the relative rounding error of that double,
 * the "tail"), e^r − 1 by Taylor to degree 4 (truncation < 2^-59), the power of two from a second
 * table. Error < 0.52 ulp for |d| ≤ 700, against Math.exp's 0.85 ulp (both measured against 36-digit
 * references at a million points); the two differ by one ulp in about 1 result in 20.
 */
import type { DoubleDouble } from './doubleDouble';

/** |d| up to which expKernel is accurate: e^±700 and every intermediate stay normal doubles. */
export const EXP_KERNEL_LIMIT = 700;
const EXP_BITS = 9;
const EXP_N = 1 << EXP_BITS;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
export const ROUND_SHIFT = 6755399441055744;

/**
 * The constants of Tang's reduction on a grid of 2^bits steps per octave: k = round(d · over),
 * r = d − k·high − k·low, where high + low = ln 2 / 2^bits to ~2^-100 and high, a multiple of
 * 2^-42 (its low bits zero), makes k·high exact for |k| < 2^21.
 */
export function tangReduction(bits: number): { readonly over: number; readonly high: number; readonly low: number } {
  const step = Math.LN2 / 2 ** bits;
  const high = Math.round(step * 2 ** 42) / 2 ** 42;
  return { over: Math.LOG2E * 2 ** bits, high, low: step - high + 2.3190468138462996e-17 / 2 ** bits }; // ln 2 − Math.LN2 = 2.319…e-17
}

const { over: N_OVER_LN2, high: LN2_N_HI, low: LN2_N_LO } = tangReduction(EXP_BITS);

/** POW2[k + 1023] = 2^k, for k in [−1023, 1023]. */
export const POW2 = new Float64Array(2048);
for (let k = 0, up = 1, down = 1; k < 1024; k++, up *= 2, down /= 2) {
  POW2[1023 + k] = up;
  POW2[1023 - k] = down;
}

/**
 * The double c nearest 2^(j/2^bits) and its relative error δ, 2^(j/2^bits) = c·(1 + δ), for
 * 0 ≤ j < 2^bits. Math.pow is within an ulp; raising c to the power 2^bits in double-double
 * measures its error (the first-order term 2^bits·δ of c^(2^bits) / 2^j − 1 is resolved to ~1e-31
 * for bits ≤ 11; the powers are halved back into [1, 2) as they go, exactly, so that c^2048 does not
 * overflow), and one correction makes c the nearest.
 */
export function exp2Fraction(j: number, bits: number): readonly [number, number] {
  const n = 2 ** bits;
  const error = (c: number): number => {
    let hi = c;
    let lo = 0;
    let octaves = 0;
    for (let s = 0; s < bits; s++) {
      const square = hi * hi;
      const split = 134217729 * hi; // Veltkamp: hi = head + tail exactly, 26 bits each
      const head = split - (split - hi);
      const tail = hi - head;
      const rounding = head * head - square + 2 * head * tail + tail * tail + 2 * hi * lo + lo * lo;
      hi = square + rounding;
      lo = rounding - (hi - square);
      octaves *= 2; // (hi + lo)·2^octaves = c^(2^(s + 1))
      if (hi >= 2) [hi, lo, octaves] = [hi / 2, lo / 2, octaves + 1];
    }
    const power = POW2[1023 + j - octaves]; // 2^j / 2^octaves, 1 or 2
    return -(hi - power + lo) / power / n;
  };
  let c = Math.pow(2, j / n);
  c += c * error(c);
  return [c, error(c)];
}

/** EXP_TABLE[2j] = 2^(j/512) rounded to nearest, EXP_TABLE[2j + 1] = its relative error. */
const EXP_TABLE = new Float64Array(2 * EXP_N);
for (let j = 0; j < EXP_N; j++) [EXP_TABLE[2 * j], EXP_TABLE[2 * j + 1]] = exp2Fraction(j, EXP_BITS);

/** 2^(j/512) for an integer j in [0, 512), as a double-double (for other kernels' tables). */
export function exp2Fraction512(j: number): DoubleDouble {
  return [EXP_TABLE[2 * j], EXP_TABLE[2 * j] * EXP_TABLE[2 * j + 1]];
}

/** e^d for |d| ≤ EXP_KERNEL_LIMIT (see above); NaN for NaN; meaningless, but harmless, elsewhere. */
export function expKernel(d: number): number {
  const kd = N_OVER_LN2 * d + ROUND_SHIFT - ROUND_SHIFT;
  const r = d - kd * LN2_N_HI - kd * LN2_N_LO;
  const k = kd | 0;
  const j = (k & (EXP_N - 1)) << 1;
  const scale = EXP_TABLE[j] * POW2[((k >> EXP_BITS) + 1023) & 2047];
  // Estrin's scheme rather than Horner's: a shorter chain of dependent operations, so more
  // iterations of the calling loop run in parallel.
  const r2 = r * r;
  return scale + scale * (EXP_TABLE[j + 1] + r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24));
}
