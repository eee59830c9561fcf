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
 *
 * Nearly every number in a log is Python's repr of a float: a sign, one integer digit, a dot and
 * 12 to 19 fraction digits. `readNumberInto` reads that shape twenty bytes at a time, as a 21-digit
 * significand (zero-padded) over 10^20, straight into tier 2; `readOtherNumber` reads the rest.
 */

import { eightDigits, fourDigits, fourDigitsOf, nonDigits, twelveDigits } from './asciiDigits';
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
 * from a call that is not inlined would be boxed, one allocation per number. The common shape is
 * read here with a fixed number of steps whatever its digits (reading digit by digit, with a
 * branch per digit and per block, took most of a log's reading time); tier 2 is done here for
 * both readers, as a call to it would cost as much again.
 */
export function readNumberInto(cursor: Cursor, out: Float64Array, index: number): void {
  const bytes = cursor.bytes;
  const start = cursor.at;
  // The sign as 0 or 1, and the value multiplied by ±1 at the end (exact, −0 included): signs
  // are random in a log, and a branch on them would be mispredicted half the time.
  const minus = +(bytes[start] === MINUS);
  const fraction = start + minus + 2;
  const lead = bytes[fraction - 2] - ZERO;
  let high = 0;
  let low = 0;
  let lowDigits = LOW_DIGITS;
  let exponent = -20;
  let end = -1;
  if (bytes[fraction - 1] === DOT && lead >= 0 && lead <= 9 && fraction + 20 <= bytes.length) {
    // The common shape, without a branch per digit: five words of four bytes, the first three
    // all digits, the fraction's end in the last two. Their bytes from the end on are zeroed (as
    // byte masks, all ones when the word is all digits), so the fraction reads as 20 digits.
    const view = cursor.view;
    const first = view.getInt32(fraction, true);
    const second = view.getInt32(fraction + 4, true);
    const third = view.getInt32(fraction + 8, true);
    const fourth = view.getInt32(fraction + 12, true);
    const fifth = view.getInt32(fraction + 16, true);
    const fourthEnd = nonDigits(fourth);
    const fifthEnd = nonDigits(fifth);
    const fourthKept = ((fourthEnd & -fourthEnd) >>> 7) - 1;
    const fifthKept = (((fifthEnd & -fifthEnd) >>> 7) - 1) & ~((fourthEnd | -fourthEnd) >> 31);
    const at = fraction + 12 + ((32 - Math.clz32(fourthKept)) >> 3) + ((32 - Math.clz32(fifthKept)) >> 3);
    // (Twenty digits or more, or an exponent, are for readOtherNumber.)
    if (twelveDigits(first, second, third) && fifthKept !== -1 && (bytes[at] | 0x20) !== 0x65 /* e, E */) {
      high = (lead * 1e8 + fourDigitsOf(first) * 1e4 + fourDigitsOf(second)) * 1e4 + fourDigitsOf(third);
      low = fourDigitsOf(fourth & fourthKept) * 1e4 + fourDigitsOf(fifth & fifthKept);
      end = at;
    }
  }
  if (end < 0) {
    if (readOtherNumber(cursor, out, index)) return;
    high = SIGNIFICAND[0];
    low = SIGNIFICAND[1];
    lowDigits = SIGNIFICAND[2];
    exponent = SIGNIFICAND[3];
    end = cursor.at;
  }
  cursor.at = end;

  // Tier 2. The significand high × 10^k + low exactly, as m + dm: high = top × 2^26 + bottom
  // with top < 2^24, so top × 10^k < 2^51 and bottom × 10^k + low < 2^53 are exact, and Knuth's
  // TwoSum makes the pair, m the double nearest the significand.
  const scale = EXACT_POWERS[lowDigits];
  const top = Math.floor(high / TWO_26);
  const a = top * scale * TWO_26;
  const b = (high - top * TWO_26) * scale + low;
  const m = a + b;
  const bVirtual = m - a;
  const dm = a - (m - bVirtual) + (b - bVirtual);
  // (m + dm) × (p + dp): m × p exactly as product + error (Dekker, with p pre-split), the two
  // cross terms as doubles (each ≤ 2^−52 of the result), dm × dp dropped (≤ 2^−104).
  const power = exponent - MIN_POWER;
  const p = POWER_HIGH[power];
  const pTop = POWER_TOP[power];
  const pBottom = POWER_BOTTOM[power];
  const spread = SPLITTER * m;
  const mTop = spread - (spread - m);
  const mBottom = m - mTop;
  const product = m * p;
  const error = mTop * pTop - product + mTop * pBottom + mBottom * pTop + mBottom * pBottom;
  const tail = error + (m * POWER_LOW[power] + dm * p);
  const sum = product + tail;
  const sumTail = tail - (sum - product);
  const margin = sum * ERROR_BOUND;
  const above = sum + (sumTail + margin);
  out[index] = above === sum + (sumTail - margin) ? (1 - 2 * minus) * above : Number(ascii(bytes, start, end));
}

/**
 * `readNumberInto` for every other form: any JSON number, `NaN`, `Infinity` and `-Infinity`.
 * Returns true when done (the value written, or `cursor.at` set to −1); false when the number is
 * for tier 2, its significand and exponent left in SIGNIFICAND and `cursor.at` past it.
 */
function readOtherNumber(cursor: Cursor, out: Float64Array, index: number): boolean {
  const { bytes, view } = cursor;
  const length = bytes.length;
  const start = cursor.at;
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

  if (tooLong || exponent < MIN_POWER || exponent > MAX_POWER) {
    out[index] = Number(ascii(bytes, start, i));
    return true;
  }
  if (high === 0) {
    out[index] = sign * 0; // (low only takes digits once high has some)
    return true;
  }
  const exact = high * EXACT_POWERS[lowDigits] + low; // exact below 2^53: so is every step
  if (exact < MAX_EXACT && exponent >= -22 && exponent <= 22) {
    const value = exponent < 0 ? exact / EXACT_POWERS[-exponent] : exact * EXACT_POWERS[exponent];
    out[index] = sign * value;
    return true;
  }
  SIGNIFICAND[0] = high;
  SIGNIFICAND[1] = low;
  SIGNIFICAND[2] = lowDigits;
  SIGNIFICAND[3] = exponent;
  return false;
}

/** Reads the rest of `word` (its first byte already matched at `at`); true, as reading ends. */
function readWord(cursor: Cursor, at: number, word: readonly number[]): boolean {
  const bytes = cursor.bytes;
  for (let k = 1; k < word.length; k++) if (bytes[at + k] !== word[k]) return fail(cursor);
  cursor.at = at + word.length;
  return true;
}

/** Marks the bytes as no number; true, as reading ends. */
function fail(cursor: Cursor): boolean {
  cursor.at = -1;
  return true;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/**
 * The significand (`high`, `low`, the digits in `low`) and exponent that `readOtherNumber` hands
 * to tier 2: doubles returned from a call that is not inlined are boxed, a typed array's slots
 * are not.
 */
const SIGNIFICAND = new Float64Array(4);

const TWO_26 = 67108864;
/** How far the computed product may be from the true one, relative, with a wide margin. */
const ERROR_BOUND = 2 ** -80;
