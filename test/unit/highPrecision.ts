/**
 * Reference values for the kernels' tests, in exact fixed-point arithmetic on BigInt (400 bits
 * after the point), independent of the kernels' own double and double-double code: a double is
 * taken exactly as m·2^e, and log and exp are summed from their series to below 2^-390.
 */

const BITS = 400n;
const ONE = 1n << BITS;

/** m and e with x = m·2^e exactly, m an integer (x finite, not 0). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** |x|·2^400 as an exact BigInt, truncated below 2^-400 (x finite). */
export function toFixed(x: number): bigint {
  if (x === 0) return 0n;
  const { mantissa, exponent } = decompose(x);
  const shift = BigInt(exponent) + BITS;
  return shift >= 0n ? mantissa << shift : mantissa >> -shift;
}

/** 2·atanh(s) = log((1 + s)/(1 − s)) for a fixed-point 0 ≤ s ≤ 1/3. */
function twiceAtanh(s: bigint): bigint {
  const square = (s * s) >> BITS;
  let power = s;
  let total = 0n;
  for (let k = 1n; power > 0n; k += 2n) {
    total += power / k;
    power = (power * square) >> BITS;
  }
  return 2n * total;
}

const LN2 = twiceAtanh(ONE / 3n); // log 2 = 2·atanh(1/3)

/** log(1 + v) for a fixed-point v ≥ 0 (v ≤ 1 for fast convergence). */
function log1pFixed(v: bigint): bigint {
  return twiceAtanh((v << BITS) / (2n * ONE + v));
}

/** log x for a positive finite double, fixed point (signed). */
export function logReference(x: number): bigint {
  const { mantissa, exponent } = decompose(x);
  // x = (mantissa / 2^(length − 1)) · 2^(exponent + length − 1), the first factor in [1, 2)
  const length = mantissa.toString(2).length;
  const scaled = (mantissa << BITS) >> BigInt(length - 1);
  return BigInt(exponent + length - 1) * LN2 + log1pFixed(scaled - ONE);
}

/** e^(−a) for a fixed-point a ≥ 0. */
function expNegativeFixed(a: bigint): bigint {
  const halvings = a / LN2;
  const r = a - halvings * LN2; // in [0, log 2)
  let term = ONE;
  let total = ONE;
  for (let k = 1n; term > 0n; k++) {
    term = (term * r) / (k * ONE);
    total += k % 2n === 1n ? -term : term;
  }
  return total >> halvings;
}

/** e^(−a) for a double a ≥ 0, fixed point (accurate while e^(−a) ≫ 2^-400, that is a ≲ 200). */
export function expNegReference(a: number): bigint {
  return expNegativeFixed(toFixed(a));
}

/** e^(x − m) for doubles x ≤ m, fixed point, x − m taken exactly. */
export function expDifferenceReference(x: number, m: number): bigint {
  const difference = toFixed(m) * BigInt(Math.sign(m)) - toFixed(x) * BigInt(Math.sign(x));
  return expNegativeFixed(difference);
}

/** The double nearest a fixed-point value v ≥ 1. */
export function fixedToNumber(v: bigint): number {
  return Number(v >> (BITS - 64n)) / 2 ** 64;
}

/** log(1 + e^(−a)) for a double a ≥ 0 (accurate while e^(−a) ≫ 2^-400, that is a ≲ 200). */
export function log1pExpNegReference(a: number): bigint {
  return log1pFixed(expNegativeFixed(toFixed(a)));
}

/** log(1 + x) for a double-double x = hi + lo ≥ 0. */
export function log1pReference(hi: number, lo: number): bigint {
  return log1pFixed(toFixed(hi) + (lo < 0 ? -toFixed(lo) : toFixed(lo)));
}

/** |y − reference| in units in the last place of y (y a nonzero finite double). */
export function ulpError(y: number, reference: bigint): number {
  const signed = y < 0 ? -toFixed(y) : toFixed(y);
  const difference = signed > reference ? signed - reference : reference - signed;
  const { exponent, mantissa } = decompose(y);
  const ulpShift = BigInt(exponent + mantissa.toString(2).length - 53) + BITS; // ulp(y) = 2^(⌊log2|y|⌋ − 52)
  return Number((difference << 20n) >> ulpShift) / 2 ** 20;
}

/** |(hi + lo) − reference| / |reference|, for double-double results. */
export function relativeError(hi: number, lo: number, reference: bigint): number {
  const value = toFixed(hi) + (lo < 0 ? -toFixed(lo) : toFixed(lo));
  const difference = value > reference ? value - reference : reference - value;
  return Number((difference << 200n) / reference) / 2 ** 200;
}
