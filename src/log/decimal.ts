/**
 * Decimal to double, correctly rounded: the value `JSON.parse` gives, bit for bit, read straight
 * from UTF-8 bytes without making a string. A number is read as a significand m (its digits, as
 * an integer) times 10^q, then converted in one of three tiers:
 *
 * 1. Clinger's fast path: m < 2^53 and 10^|q| ≤ 10^22 are both exact doubles, so m × 10^q (or
 *    m / 10^−q) is one correctly rounded operation.
 * 2. A double-double product with an error bound, for the rest (Python writes 17 significant
 *    digits, more than 2^53, so most of a log's floats come here). m (up to 23 digits) is held
 *    exactly as a pair of doubles, 10^q as a pair accurate to 2^−105, and their product is formed
 *    with Dekker's exact TwoProduct, off from the true m × 10^q by less than 2^−99 of it. If the
 *    two ends of that product ± 2^−80 round to the same double, so does every value between
 *    them, the true one included (rounding is monotone): that double is the answer.
 * 3. `Number` on the ASCII text otherwise: more than 23 digits (from the first non-zero one, or
 *    the "0" of "0.…"), exponents beyond ±250 (near overflow or subnormal), or a value within
 *    2^−80 of a halfway point between two doubles (in practice only an exact tie, as for some
 *    integers above 2^53).
 */

import { MAX_POWER, MIN_POWER, POWER_BOTTOM, POWER_HIGH, POWER_LOW, POWER_TOP, SPLITTER } from './powersOfTen';

/**
 * Where to read (`at`), and where reading stopped; `at` is set to −1 when the bytes are no
 * number. `view` is a DataView of the same bytes, to read four digits at once.
 */
export interface Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  at: number;
}

export function cursorOf(bytes: Uint8Array, at = 0): Cursor {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at };
}

const MAX_EXACT = 2 ** 53;
/** 10^0 … 10^22: the powers of ten that are exact doubles. */
const EXACT_POWERS = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Significant digits held in `high` (below 2^50) and, after it, in `low` (below 10^8). */
const HIGH_DIGITS = 15;
const LOW_DIGITS = 8;

const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const INFINITY = [0x49, 0x6e, 0x66, 0x69, 0x6e, 0x69, 0x74, 0x79]; // "Infinity"
const NAN = [0x4e, 0x61, 0x4e]; // "NaN"

/** Holds the value of `readNumber` (a typed array slot keeps the double unboxed). */
const single = new Float64Array(1);

/**
 * Reads a JSON number at `cursor.at`, or one of Python's `NaN`, `Infinity`, `-Infinity`, and
 * leaves `cursor.at` just past it. Only the JSON grammar is accepted (no `+1`, `01`, `.5`, `1.`,
 * `1e`, `-NaN`); on anything else `cursor.at` becomes −1 (and NaN is returned). What follows the
 * number is the caller's to check. The bytes must not end inside a number: a record's closing `}`
 * ensures it.
 */
export function readNumber(cursor: Cursor): number {
  readNumberInto(cursor, single, 0);
  return cursor.at < 0 ? NaN : single[0];
}

/**
 * `readNumber` writing its value to `out[index]`: the form for hot loops, as a double returned
 * from a call that is not inlined would be boxed, one allocation per number.
 */
export function readNumberInto(cursor: Cursor, out: Float64Array, index: number): void {
  const { bytes, view } = cursor;
  const length = bytes.length;
  const start = cursor.at;
  // The sign as 0 or 1, and the value multiplied by ±1 at the end (exact, −0 included): signs
  // are random in a log, and a branch on them would be mispredicted half the time.
  const minus = +(bytes[start] === MINUS);
  const sign = 1 - 2 * minus;
  let i = start + minus;
  let byte = bytes[i];
  if (byte === INFINITY[0]) {
    out[index] = sign * Infinity;
    return readWord(cursor, i, INFINITY);
  }
  if (byte === NAN[0]) {
    out[index] = NaN;
    return minus ? fail(cursor) : readWord(cursor, i, NAN);
  }

  // The significand is high × 10^lowDigits + low: up to 15 significant digits, then up to 8 more.
  let high = 0;
  let digits = 0;
  let low = 0;
  let lowDigits = 0;
  let tooLong = false;
  let exponent = 0;
  let digit = byte - ZERO;
  if (!(digit >= 0 && digit <= 9)) return fail(cursor);
  // A leading 0 is read as a digit too (so 0.x and 1.x take the same path); "01" is no number.
  if (digit === 0 && bytes[i + 1] >= ZERO && bytes[i + 1] <= NINE) return fail(cursor);
  do {
    if (lowDigits === 0 && digits < HIGH_DIGITS) {
      high = high * 10 + digit;
      digits++;
    } else if (lowDigits < LOW_DIGITS) {
      low = low * 10 + digit;
      lowDigits++;
    } else {
      tooLong = true;
    }
    byte = bytes[++i];
    digit = byte - ZERO;
  } while (digit >= 0 && digit <= 9);
  if (byte === DOT) {
    const fraction = ++i;
    if (high === 0) while (bytes[i] === ZERO) i++; // 0.00…: not significant
    // From here every digit is significant. Python's repr writes up to 17: most are read eight or
    // four at a time, into `high` while it takes a whole block, then into `low`.
    for (;;) {
      digit = bytes[i] - ZERO;
      if (!(digit >= 0 && digit <= 9)) break;
      let block: number;
      if (lowDigits === 0 && digits <= HIGH_DIGITS - 8 && i + 8 <= length && (block = eightDigits(view, i)) >= 0) {
        high = high * 1e8 + block;
        digits += 8;
        i += 8;
      } else if (lowDigits === 0 && digits <= HIGH_DIGITS - 4 && i + 4 <= length && (block = fourDigits(view, i)) >= 0) {
        high = high * 1e4 + block;
        digits += 4;
        i += 4;
      } else if ((lowDigits > 0 || digits > HIGH_DIGITS - 4) && lowDigits <= LOW_DIGITS - 4 && i + 4 <= length && (block = fourDigits(view, i)) >= 0) {
        low = low * 1e4 + block;
        lowDigits += 4;
        i += 4;
      } else {
        if (lowDigits === 0 && digits < HIGH_DIGITS) {
          high = high * 10 + digit;
          digits++;
        } else if (lowDigits < LOW_DIGITS) {
          low = low * 10 + digit;
          lowDigits++;
        } else {
          tooLong = true;
        }
        i++;
      }
    }
    if (i === fraction) return fail(cursor); // "1." is no number
    exponent = fraction - i;
    byte = bytes[i];
  }
  if (byte === 0x65 /* e */ || byte === 0x45 /* E */) {
    byte = bytes[++i];
    const negativeExponent = byte === MINUS;
    if (negativeExponent || byte === PLUS) byte = bytes[++i];
    digit = byte - ZERO;
    if (!(digit >= 0 && digit <= 9)) return fail(cursor);
    let written = 0;
    do {
      if (written < 100000) written = written * 10 + digit; // beyond, the value is 0 or ∞ anyway
      byte = bytes[++i];
      digit = byte - ZERO;
    } while (digit >= 0 && digit <= 9);
    exponent += negativeExponent ? -written : written;
  }
  cursor.at = i;

  if (tooLong) {
    out[index] = Number(ascii(bytes, start, i));
  } else if (high === 0) {
    out[index] = sign * 0; // (low only takes digits once high has some)
  } else {
    const exact = high * EXACT_POWERS[lowDigits] + low; // exact below 2^53: so is every step
    if (exact < MAX_EXACT && exponent >= -22 && exponent <= 22) {
      const value = exponent < 0 ? exact / EXACT_POWERS[-exponent] : exact * EXACT_POWERS[exponent];
      out[index] = sign * value;
      return;
    }
    SIGNIFICAND[0] = high;
    SIGNIFICAND[1] = low;
    if (scaleSignificand(lowDigits, exponent, out, index)) {
      out[index] *= sign;
    } else {
      out[index] = Number(ascii(bytes, start, i));
    }
  }
}

/**
 * The value of four ASCII digits at `at` (the first the most significant), or −1 if any of the
 * four bytes is no digit. SWAR: a byte is a digit when its high nibble is 3 and adding 6 keeps it
 * so; then nibbles pair up into two-digit numbers, and those into one.
 */
function fourDigits(view: DataView, at: number): number {
  const word = view.getInt32(at, true);
  if (((word & 0xf0f0f0f0) | (((word + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) return -1;
  const nibbles = word & 0x0f0f0f0f;
  const pairs = (nibbles * 10 + (nibbles >>> 8)) & 0x00ff00ff;
  return (pairs * 100 + (pairs >>> 16)) & 0xffff;
}

function eightDigits(view: DataView, at: number): number {
  const first = fourDigits(view, at);
  const second = first < 0 ? -1 : fourDigits(view, at + 4);
  return second < 0 ? -1 : first * 10000 + second;
}

function readWord(cursor: Cursor, at: number, word: readonly number[]): void {
  const bytes = cursor.bytes;
  for (let k = 1; k < word.length; k++) if (bytes[at + k] !== word[k]) return fail(cursor);
  cursor.at = at + word.length;
}

function fail(cursor: Cursor): void {
  cursor.at = -1;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/**
 * The significand's `high` and `low` handed to `scaleSignificand`: doubles passed to a call that
 * is not inlined are boxed, a typed array's slots are not.
 */
const SIGNIFICAND = new Float64Array(2);

const TWO_26 = 67108864;
/** How far the computed product may be from the true one, relative, with a wide margin. */
const ERROR_BOUND = 2 ** -80;

/**
 * Tier 2: (high × 10^k + low) × 10^q for high < 10^15, k ≤ 8, low < 10^k (from SIGNIFICAND),
 * written to out[index] if provably correctly rounded; false otherwise.
 */
function scaleSignificand(k: number, q: number, out: Float64Array, index: number): boolean {
  if (q < MIN_POWER || q > MAX_POWER) return false;
  const high = SIGNIFICAND[0];
  // The significand exactly, as a sum of two doubles: high = top × 2^26 + bottom with top < 2^24,
  // so top × 10^k < 2^51 and bottom × 10^k + low < 2^53 are exact; Knuth's TwoSum then makes
  // the pair m + dm, with m the double nearest the significand.
  const top = Math.floor(high / TWO_26);
  const a = top * EXACT_POWERS[k] * TWO_26;
  const b = (high - top * TWO_26) * EXACT_POWERS[k] + SIGNIFICAND[1];
  const m = a + b;
  const bVirtual = m - a;
  const dm = a - (m - bVirtual) + (b - bVirtual);

  // (m + dm) × (p + dp): m × p exactly as product + error (Dekker, with p pre-split), the two
  // cross terms as doubles (each ≤ 2^−52 of the result), dm × dp dropped (≤ 2^−104).
  const at = q - MIN_POWER;
  const p = POWER_HIGH[at];
  const spread = SPLITTER * m;
  const mTop = spread - (spread - m);
  const mBottom = m - mTop;
  const pTop = POWER_TOP[at];
  const pBottom = POWER_BOTTOM[at];
  const product = m * p;
  const error = mTop * pTop - product + mTop * pBottom + mBottom * pTop + mBottom * pBottom;
  const tail = error + (m * POWER_LOW[at] + dm * p);
  const sum = product + tail;
  const sumTail = tail - (sum - product);

  const margin = sum * ERROR_BOUND;
  const above = sum + (sumTail + margin);
  if (above !== sum + (sumTail - margin)) return false;
  out[index] = above;
  return true;
}
