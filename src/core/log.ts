/*
 * logKernel: log x without calling Math.log, which is a call out of optimised JavaScript into V8's
 * C++ fdlibm port and costs more than the rest of a KL-divergence loop. The method is Tang's
 * table-driven logarithm, as in glibc's and musl's log: with x = 2^k·z, z in [0.707, 1.414), read
 * from the bits of x, the one of 512 subintervals (equal within each binade) holding z gives a
 * point c near its centre, 1/c and log c, and
 *   log x = k·ln 2 + log c + log1p(r),   r = (z − c)/c,   |r| < 2^-9.1,
 * where z − c is exact (Sterbenz), log1p(r) − r is a Taylor polynomial to degree 6 (truncation
 * < 2^-66), and k·ln 2 + log c + r is summed as hi + lo with no rounding error (k·ln2_hi + logc_hi
 * is exact: both are multiples of 2^-42). c is a point of exp.ts's 2^(n/512) table, whose log is
 * known exactly, so the table takes no series to build.
 *
 * Domain: positive normal x outside [0.9375, 1.0625). Near 1, log x is small while log c and r are
 * not, and they would cancel; there, and for 0, subnormals, negatives, ±∞ and NaN, callers use
 * Math.log, which is exact about all of these: `inLogKernelDomain` tells which applies. Callers
 * pass the high 32 bits of x, read for a whole array through one Int32Array view (`highWords`),
 * since JavaScript has no cheaper way to the exponent of a double.
 *
 * Error: |log x| ≥ 0.06 in the domain, so the rounding of r (< 2^-61) costs under 1/16 ulp of the
 * result: the error is below 0.57 ulp. Measured: at most 0.506 ulp against 50-digit references at
 * 50,000 points (Math.log: 0.5 to 1 ulp); test/unit/logKernel.test.ts checks exact references.
 */
import { twoProduct, twoSum, type DoubleDouble } from './doubleDouble';
import { exp2Fraction512 } from './exp';

const TABLE_BITS = 9;
const TABLE_SIZE = 1 << TABLE_BITS;
/** High word of 0.70703125: z = x·2^-k lies in [OFFSET, 2·OFFSET). */
const OFFSET_HIGH = 0x3fe6a000;
/** High words bounding the domain: normal x below 0.9375, or from 1.0625 to the largest finite. */
const SMALLEST_NORMAL_HIGH = 0x00100000;
const NEAR_ONE_LOW_HIGH = 0x3fee0000;
const NEAR_ONE_HIGH_HIGH = 0x3ff10000;
const INFINITY_HIGH = 0x7ff00000;
/** ln 2 = LN2_HI + LN2_LO, LN2_HI a multiple of 2^-42 so that k·LN2_HI is exact for |k| ≤ 1024. */
const LN2_HI = Math.round(Math.LN2 * 2 ** 42) / 2 ** 42;
const LN2_LO = Math.LN2 - LN2_HI + 2.3190468138462996e-17; // ln 2 − Math.LN2 = 2.319…e-17
/** ln 2/512 = LN2_512_HI + LN2_512_LO, LN2_512_HI a multiple of 2^-50 so that n·LN2_512_HI is exact for |n| ≤ 512. */
const LN2_512_HI = Math.round((Math.LN2 / 512) * 2 ** 50) / 2 ** 50;
const LN2_512_LO = Math.LN2 / 512 - LN2_512_HI + 2.3190468138462996e-17 / 512;

/** True when logKernel applies to the double whose high word is `high` (see above). */
export function inLogKernelDomain(high: number): boolean {
  // Two unsigned range checks (a negative high word wraps to a large unsigned one).
  return (
    (high - SMALLEST_NORMAL_HIGH) >>> 0 < NEAR_ONE_LOW_HIGH - SMALLEST_NORMAL_HIGH ||
    (high - NEAR_ONE_HIGH_HIGH) >>> 0 < INFINITY_HIGH - NEAR_ONE_HIGH_HIGH
  );
}

/** log x for x in logKernel's domain, given the high word of x (see above). */
export function logKernel(x: number, high: number): number {
  const shifted = high - OFFSET_HIGH;
  const k = shifted >> 20;
  const i = ((shifted >> (20 - TABLE_BITS)) & (TABLE_SIZE - 1)) << 2;
  const c = LOG_TABLE;
  const r = (x * POW2_NEGATED[k + 1022] - c[i]) * c[i + 1];
  const hiSum = k * LN2_HI + c[i + 2];
  const hi = hiSum + r;
  const r2 = r * r;
  // Estrin's scheme for log1p(r) − r: a shorter chain of dependent operations than Horner's.
  const tail = r2 * (-0.5 + r * (1 / 3) + r2 * (-0.25 + r * 0.2 + r2 * (-1 / 6)));
  return hi + (hiSum - hi + r + (k * LN2_LO + c[i + 3]) + tail);
}

/**
 * log(1 + x) for x = hi + lo in [0, 1] as a double-double, to about 2^-70 relative, for building
 * other kernels' tables: 1 + x = 2^(n/512)·(1 + ρ) with 2^(n/512) the nearest point of exp.ts's
 * table (|ρ| < 2^-10.4), and log1p(ρ) = ρ − ρ²/2 + ρ³·(1/3 − ρ/4 + … + ρ⁴/7), the first two terms
 * in double-double.
 */
export function log1pDoubleDouble(x: DoubleDouble): DoubleDouble {
  const n = Math.round(512 * Math.log2(1 + x[0]));
  const [point, error] = n === 512 ? [2, 0] : exp2Fraction512(n); // 2^(n/512) = point + error
  // ρ·2^(n/512) = 1 + x − 2^(n/512): 1 − point is exact, and adding x's high part cancels exactly.
  const [gapHi, gapLo] = twoSum(1 - point + x[0], x[1] - error);
  const rho = gapHi / point;
  const [productHi, productLo] = twoProduct(rho, point);
  const rhoLo = (gapHi - productHi - productLo + gapLo - rho * error) / point;
  const [squareHi, squareLo] = twoProduct(rho, rho);
  const series = rho * rho * rho * (1 / 3 - rho / 4 + rho * rho * (1 / 5 - rho / 6 + (rho * rho) / 7));
  const [sum1, error1] = twoSum(n * LN2_512_HI, rho);
  const [sum2, error2] = twoSum(sum1, -squareHi / 2);
  const small = error1 + error2 + n * LN2_512_LO + rhoLo - squareLo / 2 - rho * rhoLo + series;
  return twoSum(sum2, small);
}

/**
 * The high 32 bits of every element of `x`, as `high[highWordIndex(i)]`: a view on the same memory,
 * not a copy.
 */
export function highWords(x: Float64Array): Int32Array {
  return new Int32Array(x.buffer, x.byteOffset, 2 * x.length);
}

/** Where the high word of element i sits in `highWords(x)`: 2i + 1 on little-endian machines. */
export function highWordIndex(i: number): number {
  return 2 * i + HIGH_WORD;
}

const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** POW2_NEGATED[k + 1022] = 2^-k for k in [−1022, 1024]: exact, so z = x·2^-k is exact. */
const POW2_NEGATED = new Float64Array(2047);
for (let k = -1022; k <= 1024; k++) POW2_NEGATED[k + 1022] = 2 ** -k;

/**
 * Per subinterval: c, 1/c, and log c as hi (a multiple of 2^-42) and lo (exported for klDivTerms.wat). c is the point 2^(n/512)
 * of exp.ts's table nearest the subinterval's centre (within 2^-10.5 of it, relatively), so that
 * log c = n·ln 2/512 − log1p(ε), ε being that table entry's rounding error (below 2^-53), is known
 * to about 2^-100 with no series to sum.
 */
export const LOG_TABLE = new Float64Array(4 * TABLE_SIZE);
{
  const bits = new Float64Array(1);
  const words = new Int32Array(bits.buffer);
  const fromHigh = (high: number): number => {
    words[HIGH_WORD] = high;
    words[1 - HIGH_WORD] = 0;
    return bits[0];
  };
  const step = 1 << (20 - TABLE_BITS);
  for (let j = 0; j < TABLE_SIZE; j++) {
    const centre = (fromHigh(OFFSET_HIGH + j * step) + fromHigh(OFFSET_HIGH + (j + 1) * step)) / 2;
    const n = Math.round(512 * Math.log2(centre));
    const octave = Math.floor(n / 512);
    const [point, error] = exp2Fraction512(n - 512 * octave); // 2^(n/512 − octave) = point + error
    const c = point * 2 ** octave;
    const rest = n * LN2_512_LO - error / point; // log c = n·LN2_512_HI + rest
    const hi = Math.round((n * LN2_512_HI + rest) * 2 ** 42) / 2 ** 42;
    LOG_TABLE.set([c, 1 / c, hi, n * LN2_512_HI - hi + rest], 4 * j);
  }
}
