import * as assert from 'node:assert/strict';
import { Random } from '../../src/core';
import { cursorOf, readNumberInto } from '../../src/log/decimal';
import { commonShape, digits } from './numberTexts';

/**
 * decimal.ts reads the common shape of a log's numbers (a sign, one integer digit, a dot, 12 to
 * 19 fraction digits, no exponent) twenty bytes at a time; everything else takes the general
 * reader. These tests aim at the seam: numbers of that shape and just outside it, followed by
 * every kind of byte, with and without twenty bytes left in the buffer, each checked bit for bit
 * against `Number` on its text (the value `JSON.parse` gives).
 */

const encoder = new TextEncoder();

/** Bytes after which a number ends (the caller then checks them). */
const ENDINGS = [',', ', ', ']', '}', ' ', '\n', ':', '/', 'x', '.', '-', '+', '\u00ff', '\u20ac', '"', ']]}\n'];

/** Reads the number at `at`: where reading stopped, and the value. */
function read(bytes: Uint8Array, at: number): { at: number; value: number } {
  const cursor = cursorOf(bytes, at);
  const out = new Float64Array(1);
  readNumberInto(cursor, out, 0);
  return { at: cursor.at, value: out[0] };
}

/** Checks that `text`, at `start` of `bytes`, is read to its end as Number(text), bit for bit. */
function assertReads(bytes: Uint8Array, start: number, text: string, context: string): void {
  const { at, value } = read(bytes, start);
  const expected = Number(text);
  assert.equal(at, start + text.length, `${text} in ${JSON.stringify(context)}: stopped at ${at - start}`);
  assert.ok(Object.is(value, expected), `${text} in ${JSON.stringify(context)}: read ${value}, Number gives ${expected}`);
}

describe('reading the common shape of number (decimal.ts)', function () {
  this.timeout(120_000);

  it('reads a log-like list bit for bit as Number does, whatever byte ends each number', () => {
    const random = new Random(21);
    for (let batch = 0; batch < 30; batch++) {
      const texts: string[] = [];
      const pieces = ['9']; // (a digit before the first number: nothing before a number is read)
      const starts: number[] = [];
      let offset = 1;
      for (let k = 0; k < 10_000; k++) {
        const text = commonShape(random);
        const piece = text + ENDINGS[random.integer(ENDINGS.length)];
        texts.push(text);
        starts.push(offset);
        pieces.push(piece);
        offset += encoder.encode(piece).length;
      }
      const joined = pieces.join('');
      const bytes = encoder.encode(joined);
      texts.forEach((text, k) => assertReads(bytes, starts[k], text, pieces[k + 1]));
      // The same numbers, each alone in a buffer with a byte that is a digit but for its top bit
      // after it (0xb0 to 0xb9, as in invalid UTF-8), and digits after that.
      for (let k = 0; k < 1000; k++) {
        const bytes = encoder.encode(`${texts[k]}?${'0'.repeat(random.integer(24))}`);
        bytes[texts[k].length] = 0xb0 + random.integer(10);
        assertReads(bytes, 0, texts[k], `${texts[k]} then byte ${bytes[texts[k].length]}`);
      }
    }
  });

  it('reads an exponent after the common shape as part of the number', () => {
    const random = new Random(22);
    for (let k = 0; k < 20_000; k++) {
      const text = `${commonShape(random)}${['e', 'E'][random.integer(2)]}${['', '+', '-'][random.integer(3)]}${random.integer(40)}`;
      const context = `${text},${digits(random, 30)}`;
      assertReads(encoder.encode(context), 0, text, context);
    }
  });

  it('reads numbers near the end of the buffer, without twenty bytes after the dot', () => {
    const random = new Random(23);
    for (let k = 0; k < 20_000; k++) {
      const text = commonShape(random);
      const context = `${text}${['}', ']', ',', ''][random.integer(4)]}`;
      assertReads(encoder.encode(context), 0, text, context);
    }
  });

  it('reads the edges of the shape: zeros, −0, the longest fraction, 0.999…', () => {
    const edges = [
      '0.000000000000', '-0.000000000000', '-0.0000000000000000000', '0.0000000000000000001', '-0.0000000000000000009',
      '9.9999999999999999999', '0.9999999999999999999', '1.0000000000000000001', '9.999999999999999', '1.000000000000000',
      '-0.894802987575531', '-1.6267746686935425', '0.18783581256866455', '2.08821439743042', '-0.005010314751416445',
      '1.7976931348623157', '2.2250738585072014', '4.9406564584124654', '9.007199254740993', '0.30000000000000004',
    ];
    for (const text of edges) {
      for (const ending of [',', '}', '', ', 0.5, 0.25, 0.125]}']) assertReads(encoder.encode(text + ending), 0, text, text + ending);
    }
  });

  it('refuses what is not a JSON number even with twenty bytes to spare, leaving -1 in the cursor', () => {
    const tail = '1234567890123456789012345,';
    for (const text of ['1.', '-1.', '.5', '-.5', '01.5', '-01.25', '00.1', '1.e5', '1.5e', '1.5E+', '1.25e-x', '+1.5', '--1.5', '-', 'x1.5']) {
      const context = text.endsWith('.') || text.endsWith('-') ? `${text}x${tail}` : `${text}${tail.slice(-1)}${tail}`;
      assert.equal(read(encoder.encode(context), 0).at, -1, context);
    }
  });
});
