/**
 * Powers of ten as double-doubles, for `decimal.ts`: 10^q for q in MIN_POWER … MAX_POWER as
 * POWER_HIGH + POWER_LOW (the double nearest 10^q, and the double nearest the rest, so the pair is
 * within 2^−106 of 10^q), with POWER_HIGH split into POWER_TOP + POWER_BOTTOM, halves of at most
 * 26 bits, for Dekker's exact product. Computed exactly with BigInt, once, at load (a few
 * milliseconds).
 */

/** 10^−250 … 10^250: every intermediate of a product with a significand below 10^23 stays normal. */
export const MIN_POWER = -250;
export const MAX_POWER = 250;
/** Veltkamp's constant 2^27 + 1: splits a double into two halves of at most 26 bits. */
export const SPLITTER = 134217729;

export const POWER_HIGH = new Float64Array(MAX_POWER - MIN_POWER + 1);
export const POWER_LOW = new Float64Array(MAX_POWER - MIN_POWER + 1);
export const POWER_TOP = new Float64Array(MAX_POWER - MIN_POWER + 1);
export const POWER_BOTTOM = new Float64Array(MAX_POWER - MIN_POWER + 1);

for (let q = MIN_POWER; q <= MAX_POWER; q++) {
  const ten = 10n ** BigInt(Math.abs(q));
  const [numerator, denominator] = q >= 0 ? [ten, 1n] : [1n, ten];
  const nearestPower = nearest(numerator, denominator);
  // The rest, 10^q − mantissa × 2^exponent, over a common denominator.
  const { mantissa, exponent } = nearestPower;
  const [rest, restDenominator] =
    exponent >= 0
      ? [numerator - (mantissa << BigInt(exponent)) * denominator, denominator]
      : [(numerator << BigInt(-exponent)) - mantissa * denominator, denominator << BigInt(-exponent)];
  const at = q - MIN_POWER;
  POWER_HIGH[at] = nearestPower.value;
  if (rest !== 0n) POWER_LOW[at] = rest > 0n ? nearest(rest, restDenominator).value : -nearest(-rest, restDenominator).value;
  const spread = SPLITTER * nearestPower.value;
  POWER_TOP[at] = spread - (spread - nearestPower.value);
  POWER_BOTTOM[at] = nearestPower.value - POWER_TOP[at];
}

/** The double nearest n / d (positive, normal), ties to even: its value, and mantissa × 2^exponent. */
function nearest(n: bigint, d: bigint): { value: number; mantissa: bigint; exponent: number } {
  // A 54-bit quotient: 53 bits to keep, one to round with, and the remainder as a sticky bit.
  let shift = 54 - (n.toString(2).length - d.toString(2).length);
  const quotient = (s: number): bigint => (s >= 0 ? (n << BigInt(s)) / d : n / (d << BigInt(-s)));
  let q = quotient(shift);
  if (q >= 1n << 54n) q = quotient(--shift);
  if (q < 1n << 53n) q = quotient(++shift);
  const exactly = shift >= 0 ? q * d === n << BigInt(shift) : q * (d << BigInt(-shift)) === n;
  let mantissa = q >> 1n;
  if ((q & 1n) === 1n && (!exactly || (mantissa & 1n) === 1n)) mantissa++;
  let exponent = 1 - shift;
  if (mantissa === 1n << 53n) {
    mantissa >>= 1n;
    exponent++;
  }
  return { value: Number(mantissa) * 2 ** exponent, mantissa, exponent };
}
