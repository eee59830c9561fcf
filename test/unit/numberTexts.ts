/** Number texts for the number readers' tests (decimal.test.ts, numberList.test.ts). */
import type { Random } from '../../src/core';

/** Python's repr of a positive float32 value widened to double, as in most logs. */
export function float32Repr(random: Random): string {
  const x = Math.fround(random.uniform() * 2 ** (random.integer(12) - 8));
  return String(x).includes('e') ? x.toFixed(19) : String(x);
}

/** Random digits, as a string. */
export function digits(random: Random, count: number): string {
  let text = '';
  for (let k = 0; k < count; k++) text += random.integer(10);
  return text;
}

/**
 * The exact decimal expansion of the point halfway between x (≥ 1 or in (0, 1)) and the next
 * double up: (2M + 1) × 2^(E − 1) for x = M × 2^E, written as (2M + 1) × 5^(1 − E) / 10^(1 − E).
 */
export function halfwayAbove(x: number): string {
  const words = new Uint32Array(new Float64Array([x]).buffer);
  const exponent = (words[1] >>> 20) & 0x7ff;
  const mantissa = ((BigInt(words[1] & 0xfffff) << 32n) | BigInt(words[0])) + (1n << 52n);
  const places = 1075 - exponent + 1;
  const text = ((2n * mantissa + 1n) * 5n ** BigInt(places)).toString().padStart(places + 1, '0');
  return `${text.slice(0, -places)}.${text.slice(-places)}`;
}

/** A number of the common shape or just outside it (fewer or more fraction digits, zeros, ties). */
export function commonShape(random: Random): string {
  const sign = random.uniform() < 0.5 ? '-' : '';
  const kind = random.integer(6);
  if (kind === 0) return sign + float32Repr(random);
  if (kind === 1) {
    // Cut close to a halfway point between doubles: only a product accurate far beyond a double
    // rounds these right.
    const x = random.uniform() < 0.5 ? 1 + random.uniform() * 9 : random.uniform() * 2 ** -random.integer(12);
    const [whole, fraction] = halfwayAbove(x).split('.');
    const cut = fraction.slice(0, 10 + random.integer(12));
    const last = Number(cut.slice(-1));
    const nudged = cut.slice(0, -1) + String(random.uniform() < 0.5 ? last : Math.min(9, last + 1));
    return `${sign}${whole}.${nudged}`;
  }
  if (kind === 2) return `${sign}${random.integer(10)}.${'0'.repeat(random.integer(21))}${digits(random, 1 + random.integer(21))}`;
  if (kind === 3) return `${sign}${random.integer(10)}.${['0', '9', '5'][random.integer(3)].repeat(1 + random.integer(22))}`;
  if (kind === 4) return `${sign}${random.integer(10)}.${digits(random, 12 + random.integer(8))}`;
  return `${sign}${random.integer(10)}.${digits(random, 1 + random.integer(25))}`;
}
