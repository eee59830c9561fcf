import * as assert from 'node:assert/strict';
import { Random } from '../../src/core';
import { numberLists as loadNumberLists } from '../../src/log/numberList';
import { readRecordFields } from '../../src/log/recordFields';
import { commonShape, digits } from './numberTexts';

/**
 * numberList.wat reads the common numbers of a record's lists in WebAssembly and stops at any
 * other, for recordFields.ts to go on in JavaScript. These tests check the values, bit for bit
 * against Number on each text, through the field reader as a log is read; and that the module
 * really does read the common shapes, so that the comparison is not vacuous.
 */

const encoder = new TextEncoder();
const numberLists = loadNumberLists();

/** A number in any of the shapes a log holds, and some it rarely does. */
function anyNumber(random: Random): string {
  const sign = random.uniform() < 0.5 ? '-' : '';
  switch (random.integer(8)) {
    case 0:
      return `${sign}${1 + random.integer(9)}${digits(random, random.integer(7))}.${digits(random, 1 + random.integer(14))}`; // 1 to 7 integer digits
    case 1:
      return `${sign}${random.integer(1_000_000)}`; // an integer
    case 2:
      return `${commonShape(random)}e${['', '+', '-'][random.integer(3)]}${random.integer(30)}`;
    case 3:
      return `${sign}${1 + random.integer(9)}${digits(random, 7 + random.integer(12))}.${digits(random, random.integer(6) + 1)}`; // 8 or more integer digits
    case 4:
      return ['NaN', 'Infinity', '-Infinity', '-0', '0', '0.0', '-0.0'][random.integer(7)];
    default:
      return commonShape(random);
  }
}

const SEPARATORS = [',', ', ', ' , ', ',\t', ' ,\r\n', ',  '];

/** Reads `{"step": 1, "logits": [texts...], "targets": [0]}` and checks every value. */
function assertListReads(texts: string[], random: Random): void {
  const separator = (): string => SEPARATORS[random.integer(SEPARATORS.length)];
  const list = texts.map((text, k) => (k === 0 ? text : separator() + text)).join('');
  const line = `{"step": 1, "logits": [${random.uniform() < 0.5 ? ' ' : ''}${list}${random.uniform() < 0.5 ? ' ' : ''}], "targets": [0]}`;
  const fields = readRecordFields(encoder.encode(line));
  assert.ok(fields?.outputs, `not read: ${line.slice(0, 200)}`);
  const values = fields.outputs.data;
  assert.equal(values.length, texts.length);
  texts.forEach((text, k) => assert.ok(Object.is(values[k], Number(text)), `${text}: read ${values[k]}, Number gives ${Number(text)}`));
}

describe('reading number lists in WebAssembly (numberList.wat)', function () {
  this.timeout(120_000);

  it('runs in node (so the record reader here reads lists with it)', () => {
    assert.ok(numberLists);
  });

  it('reads the common shape through to the closing bracket itself, with the values Number gives', () => {
    const random = new Random(31);
    for (let batch = 0; batch < 20; batch++) {
      const texts = Array.from({ length: 2000 }, () => commonShape(random)).filter((text) => text.replace(/[-.]/g, '').length <= 19);
      const list = texts.join(', ');
      const line = encoder.encode(`[${list}]`);
      numberLists!.copyLine(line);
      const out = new Float64Array(texts.length);
      const count = numberLists!.read(1, out, 0);
      // It stops only at a value its product cannot round with certainty (a near-halfway case).
      const stopped = numberLists!.closed ? -1 : count;
      assert.ok(count > 0.95 * texts.length, `read ${count} of ${texts.length}`);
      texts.slice(0, count).forEach((text, k) => assert.ok(Object.is(out[k], Number(text)), `${text}: read ${out[k]}`));
      if (stopped >= 0) assert.equal(numberLists!.stop, 1 + texts.slice(0, count).reduce((length, text) => length + text.length + 2, 0), 'stops at the next number');
    }
  });

  it('gives every value of mixed lists bit for bit, going on in JavaScript where it stops', () => {
    const random = new Random(32);
    for (let k = 0; k < 3000; k++) assertListReads(Array.from({ length: 1 + random.integer(40) }, () => anyNumber(random)), random);
  });

  it('reads up to 20 fraction digits after one digit and 19 digits in other shapes, and stops beyond, or at a leading zero', () => {
    const out = new Float64Array(4);
    const cases: [string, number][] = [
      ['[1234567.1]', 1],
      ['[12345678.1]', 0], // eight integer digits: JavaScript's
      ['[1.23456789012345678901]', 1], // the common shape: 20 fraction digits
      ['[1.234567890123456789012]', 0], // 21
      ['[12.34567890123456789]', 1], // otherwise 19 digits
      ['[12.345678901234567890]', 0], // 20
      ['[01.5]', 0],
      ['[0.5e3]', 0],
      ['[-0.0, 0]', 2],
      ['[7 ]', 1],
      ['[7\t]', 0],
    ];
    for (const [text, expected] of cases) {
      numberLists!.copyLine(encoder.encode(text));
      assert.equal(numberLists!.read(1, out, 0), expected, text);
    }
    numberLists!.copyLine(encoder.encode('[-0.0, 0]'));
    numberLists!.read(1, out, 0);
    assert.ok(Object.is(out[0], -0) && Object.is(out[1], 0));
  });

  it('stops where the output has no more room, and goes on from there', () => {
    const random = new Random(33);
    const texts = Array.from({ length: 300 }, () => `${random.integer(10)}.${digits(random, 1 + random.integer(12))}`);
    assertListReads(texts, random);
    numberLists!.copyLine(encoder.encode(`[${texts.join(',')}]`));
    const out = new Float64Array(10);
    assert.equal(numberLists!.read(1, out, 3), 7);
    assert.equal(numberLists!.closed, false);
    assert.equal(numberLists!.stop, 1 + texts.slice(0, 7).reduce((length, text) => length + text.length + 1, 0));
  });
});
