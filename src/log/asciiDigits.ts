/**
 * ASCII digits read four bytes at a time (SWAR: one 32-bit little-endian word, each byte a lane),
 * for the number reader (decimal.ts): which bytes are digits, and the value of four digits.
 */

/**
 * Whether three little-endian words are twelve ASCII digits, 0x30 to 0x39: bits 4 and 5 set, 6
 * and 7 clear, and still bit 6 clear after adding 6 (a sum carries into the next byte only from
 * a byte that already failed).
 */
export function twelveDigits(a: number, b: number, c: number): boolean {
  const outside = (a | b | c | (a + 0x06060606) | (b + 0x06060606) | (c + 0x06060606)) & 0xc0c0c0c0;
  return (a & b & c & 0x30303030) === 0x30303030 && outside === 0;
}

/**
 * A mask with the top bit set in each byte of a little-endian word that is no ASCII digit, each
 * byte tested on its own (its top bit cleared first, so that no sum carries into the next).
 */
export function nonDigits(word: number): number {
  const low = word & 0x7f7f7f7f;
  return (~(low + 0x50505050) | (low + 0x46464646) | word) & 0x80808080;
}

/**
 * The value of four digit bytes (the first the most significant; zeroed bytes count as 0). SWAR:
 * nibbles pair up into two-digit numbers, and those into one.
 */
export function fourDigitsOf(word: number): number {
  const nibbles = word & 0x0f0f0f0f;
  const pairs = (nibbles * 10 + (nibbles >>> 8)) & 0x00ff00ff;
  return (pairs * 100 + (pairs >>> 16)) & 0xffff;
}

/** The value of four ASCII digits at `at` (the first the most significant), or −1 if any of the four bytes is no digit. */
export function fourDigits(view: DataView, at: number): number {
  const word = view.getInt32(at, true);
  return nonDigits(word) === 0 ? fourDigitsOf(word) : -1;
}

/** The value of eight ASCII digits at `at`, or −1 if any of the eight bytes is no digit. */
export function eightDigits(view: DataView, at: number): number {
  const first = fourDigits(view, at);
  const second = first < 0 ? -1 : fourDigits(view, at + 4);
  return second < 0 ? -1 : first * 10000 + second;
}
