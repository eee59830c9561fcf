import * as assert from 'node:assert/strict';
import { Random } from '../../src/core';
import { cursorOf, readNumber } from '../../src/log/decimal';
import { parsePythonJson } from '../../src/log/pythonJson';
import { DEFAULT_HEADER, parseRecord, type LogHeader, type LogRecord } from '../../src/log/record';
import { scanRecord } from '../../src/log/recordScanner';
import type { Line } from '../../src/log/lines';
import { Run } from '../../src/run/run';

/** Uniform numbers in [0, 1) from a seed, so that a failure can be replayed. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.uniform();
}

const encoder = new TextEncoder();
/** Decodes as lines.ts does (invalid UTF-8 becomes U+FFFD, a leading BOM is dropped). */
const decoder = new TextDecoder('utf-8');

/** Python's `repr(float)` (what `json.dumps` writes): shortest digits, exponent outside [-4, 16). */
function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const e = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}

/** A double with uniformly random bits (finite). */
function randomDouble(random: () => number): number {
  const bits = new Uint32Array(2);
  const view = new Float64Array(bits.buffer);
  do {
    bits[0] = random() * 2 ** 32;
    bits[1] = random() * 2 ** 32;
  } while (!Number.isFinite(view[0]));
  return view[0];
}

/** Reads every number of `texts`, written one after another with commas, and checks each bit for bit. */
function checkNumbers(texts: string[]): void {
  const expected = parsePythonJson(`[${texts.join(',')}]`) as number[];
  const cursor = cursorOf(encoder.encode(`${texts.join(',')}}`));
  texts.forEach((text, i) => {
    const value = readNumber(cursor);
    assert.ok(Object.is(value, expected[i]), `${text}: read ${value}, JSON.parse gives ${expected[i]}`);
    cursor.at++; // the comma
  });
}

describe('reading numbers from bytes (decimal.ts)', function () {
  this.timeout(300_000);

  it('reads a million random doubles bit for bit as JSON.parse does, in three spellings', () => {
    const random = prng(7);
    for (let batch = 0; batch < 100; batch++) {
      const texts: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const x = randomDouble(random);
        texts.push(String(x), x.toPrecision(17), pythonRepr(x));
      }
      checkNumbers(texts);
    }
  });

  it('reads float32 values widened to double (as torch .tolist() gives), of every magnitude', () => {
    const random = prng(8);
    for (let batch = 0; batch < 20; batch++) {
      const texts: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const x = Math.fround((random() - 0.5) * 2 ** Math.floor(random() * 60 - 30));
        texts.push(pythonRepr(x), x.toPrecision(17), String(Math.fround(random() * 8 - 4)));
      }
      checkNumbers(texts);
    }
  });

  it('reads decimal strings of any length and exponent, exact ties and exact values included', () => {
    const random = prng(9);
    const texts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      let digits = String(1 + Math.floor(random() * 9));
      const length = Math.floor(random() * 26);
      for (let k = 0; k < length; k++) digits += Math.floor(random() * 10);
      const exponent = Math.floor(random() * 700) - 350;
      const zeros = '0'.repeat(Math.floor(random() * 6));
      texts.push(`${digits}e${exponent}`, `-0.${zeros}${digits}`, `${digits[0]}.${digits.slice(1) || '0'}E+${Math.floor(random() * 30)}`);
    }
    // Halfway between two doubles (2^53 + 1, …), exactly representable binary fractions, powers of ten.
    for (let k = 0; k < 2000; k++) texts.push(String(2n ** 53n + 2n * BigInt(k) + 1n), String(2 ** -(k % 60) * (1 + 2 * k)));
    for (let q = -345; q <= 310; q++) texts.push(`1e${q}`, `9.999999999999999e${q}`, `4.4551544189453125e${q}`);
    checkNumbers(texts);
  });

  it('rounds exact halfway points (and their neighbours) between doubles to even', () => {
    // x in [2^(52−n), 2^(53−n)) has ulp 2^−n; the halfway point N × 2^−(n+1) has at most 23
    // significant digits for n ≤ 8: exactly where a product that is not exact must not guess.
    const random = prng(10);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + Math.floor(random() * 8);
      const odd = 2n ** 53n + 2n * BigInt(Math.floor(random() * 2 ** 52)) + 1n; // 54 bits, odd
      const digits = (odd * 5n ** BigInt(n + 1)).toString();
      const halfway = `${digits.slice(0, -(n + 1))}.${digits.slice(-(n + 1))}`;
      const last = BigInt(digits.slice(-1));
      texts.push(halfway, `${digits.slice(0, -1)}${last + 1n}e-${n + 1}`, `${digits.slice(0, -1)}${last - 1n}e-${n + 1}`);
    }
    checkNumbers(texts);
  });

  it('reads the edges: zeros, subnormals, the largest double, overflow, integers, Python tokens', () => {
    checkNumbers([
      '0', '-0', '0.0', '-0.0', '0e5', '-0E-7', '1', '-1', '10', '123456789', '9007199254740993', '18446744073709551615',
      '1e-05', '1E+300', '2.5e3', '1e22', '1e23', '5e-324', '-5e-324', '2.4703282292062327e-324', '2.4703282292062328e-324',
      '2.2250738585072014e-308', '2.2250738585072011e-308', '1.7976931348623157e308', '1.7976931348623158e308', '1e309', '-1e400', '1e-400',
      '0.1', '0.30000000000000004', '-1.2345678806304932', '4.808238506317139', '0.14424005150794983',
      '12345678901234567890123456789', '0.000000000000000000000000000001', 'NaN', 'Infinity', '-Infinity',
    ]);
  });

  it('refuses what is not a JSON number, leaving -1 in the cursor', () => {
    for (const text of ['+1', '01', '.5', '1.', '1e', '1e+', '-', '-NaN', 'nan', 'Inf', 'Na', '--1', 'x']) {
      const cursor = cursorOf(encoder.encode(`${text}}`));
      readNumber(cursor);
      const stopped = cursor.at >= 0 && cursor.at < text.length; // read a prefix: the caller sees no delimiter
      assert.ok(cursor.at === -1 || stopped, `${text} read up to ${cursor.at}`);
    }
  });
});

/** Every field identical, every float bit for bit (NaN payloads and −0 included). */
function assertSameRecord(actual: LogRecord, expected: LogRecord, text: string): void {
  assert.deepEqual(Object.keys(actual), Object.keys(expected), text);
  for (const key of Object.keys(expected) as (keyof LogRecord)[]) {
    const [a, b] = [actual[key], expected[key]];
    if (b instanceof Float64Array) {
      assert.ok(a instanceof Float64Array && a.length === b.length, `${key} of ${text}`);
      assert.deepEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength), `${key} of ${text}`);
    } else if (Array.isArray(b)) {
      assert.ok(Array.isArray(a) && a.length === b.length && b.every((item, i) => Object.is(item, a[i])), `${key} of ${text}`);
    } else {
      assert.ok(Object.is(a, b), `${key}: ${String(a)} vs ${String(b)} in ${text}`);
    }
  }
}

/** The generic path's record, or undefined where it throws. */
function generic(text: string, header: LogHeader, classes: number | undefined): LogRecord | undefined {
  try {
    const value = parsePythonJson(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return parseRecord(value as Record<string, unknown>, header, classes);
  } catch {
    return undefined;
  }
}

/** Checks the scanner against the generic path on one line; true when the scanner took it. */
function agrees(bytes: Uint8Array, header: LogHeader, classes: number | undefined): boolean {
  const text = decoder.decode(bytes);
  const expected = generic(text, header, classes);
  const actual = scanRecord(bytes, header, classes);
  if (actual === undefined) return false;
  assert.ok(expected, `the scanner accepted what the generic path refuses: ${text}`);
  assertSameRecord(actual, expected, text);
  return true;
}

/** A number as a training script might log it: any magnitude, float32, integer, non-finite. */
function randomNumber(random: () => number, kind: 'any' | 'probability' | 'logProbability'): string {
  const pick = random();
  if (kind === 'probability') {
    if (pick < 0.05) return ['0', '1', '0.0', '1.0', '-0.0', '5e-324', '1e-05'][Math.floor(random() * 7)];
    if (pick < 0.07) return ['NaN', '1.0000000000000002', '-1e-300'][Math.floor(random() * 3)]; // invalid or non-finite
    return pythonRepr(random() < 0.5 ? Math.fround(random()) : random());
  }
  const sign = kind === 'logProbability' ? -1 : random() < 0.5 ? -1 : 1;
  if (pick < 0.03) return ['NaN', 'Infinity', '-Infinity'][Math.floor(random() * 3)];
  if (pick < 0.06) return ['-0', '0', '1e308', '1.7976931348623157e308', '-5e-324', '2.2250738585072014e-308', '1e-05', '1E+300'][Math.floor(random() * 8)];
  if (pick < 0.15) return String(sign * Math.floor(random() * 10 ** Math.floor(random() * 20)));
  if (pick < 0.2) return (sign * random() * 10 ** Math.floor(random() * 40 - 20)).toExponential(Math.floor(random() * 17));
  const x = sign * random() * 2 ** Math.floor(random() * 20 - 10);
  return pythonRepr(random() < 0.6 ? Math.fround(x) : x);
}

interface Shape {
  readonly rows: number;
  readonly classes: number;
  readonly task: 'multiclass' | 'multilabel';
}

/** A record in json.dumps's spelling (or a compact or spaced one), mostly valid, sometimes not. */
function randomRecordText(random: () => number, shape: Shape, header: LogHeader): string {
  const [comma, colon] = random() < 0.6 ? [', ', ': '] : random() < 0.5 ? [',', ':'] : [' ,\t', ' :\r\n '];
  const list = (items: string[]): string => `[${items.join(comma)}]`;
  const { rows, classes, task } = shape;
  const kind = task === 'multilabel' ? (random() < 0.7 ? 'logits' : 'probs') : (['logits', 'logits', 'probs', 'log_probs'] as const)[Math.floor(random() * 4)];
  const numberKind = kind === 'probs' ? 'probability' : kind === 'log_probs' ? 'logProbability' : 'any';
  const row = (count: number, of: 'any' | 'probability' | 'logProbability'): string => list(Array.from({ length: count }, () => randomNumber(random, of)));
  // Now and then one entry or one row too many, to be refused.
  const matrix = (of: 'any' | 'probability' | 'logProbability'): string =>
    rows === 1 && random() < 0.3
      ? row(classes + (random() < 0.03 ? 1 : 0), of)
      : list(Array.from({ length: rows + (random() < 0.02 ? 1 : 0) }, () => row(classes, of)));
  let targets: string;
  if (task === 'multilabel' || random() < 0.2) targets = matrix('probability');
  else {
    const index = (): string => {
      const t = random() < 0.05 ? header.loss.ignore_index : random() < 0.02 ? classes : Math.floor(random() * classes);
      return random() < 0.1 ? `${t}.0` : random() < 0.02 ? `${t}.5` : String(t);
    };
    targets = rows === 1 && random() < 0.3 ? index() : list(Array.from({ length: rows + (random() < 0.02 ? -1 : 0) }, index));
  }
  const fields: [string, string][] = [
    ['step', random() < 0.02 ? '-1' : random() < 0.05 ? '3.0' : random() < 0.02 ? '-0' : String(Math.floor(random() * 1e6))],
    [kind, matrix(numberKind)],
    ['targets', targets],
  ];
  if (random() < 0.3) fields.push(['split', JSON.stringify(['train', 'val', 'ünïcode', '', 'test "quoted"', 'tab\there'][Math.floor(random() * 6)])]);
  if (random() < 0.3) fields.push(['task', JSON.stringify(random() < 0.9 ? task : 'regression')]);
  if (random() < 0.5) fields.push(['loss', random() < 0.1 ? 'null' : randomNumber(random, 'any')]);
  if (random() < 0.3) fields.push(['time', pythonRepr(1.7e9 + random() * 1e6)]);
  if (random() < 0.3) fields.push(['epoch', String(Math.floor(random() * 100))]);
  if (random() < 0.2) fields.push(['ids', list(Array.from({ length: rows }, (_, r) => (random() < 0.5 ? JSON.stringify(`ex-${r}`) : String(r * 7))))]);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  if (random() < 0.2) fields.push([pick(['lr', 'note', 'flag', '__proto__', 'format']), pick(['0.001', '"hi"', 'true', 'null', '{"a": 1}'])]);
  if (random() < 0.05) fields.push(['step', '7']); // a duplicate key: JSON.parse keeps the last
  for (let i = fields.length - 1; i > 0 && random() < 0.3; i--) {
    const j = Math.floor(random() * (i + 1));
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  return `{${fields.map(([key, value]) => `${JSON.stringify(key)}${colon}${value}`).join(comma)}}`;
}

function randomHeader(random: () => number, task: 'multiclass' | 'multilabel', classes: number): LogHeader {
  if (random() < 0.4) return task === 'multiclass' ? DEFAULT_HEADER : { task, loss: DEFAULT_HEADER.loss };
  const names = random() < 0.5 ? Array.from({ length: classes }, (_, c) => `class ${c}`) : undefined;
  return { task, classes: names, loss: { ignore_index: random() < 0.5 ? -100 : 0, label_smoothing: 0 } };
}

describe('scanning records from bytes (recordScanner.ts)', function () {
  this.timeout(120_000);

  it('gives records identical to parseRecord(parsePythonJson(text)), or leaves the line to it', () => {
    const random = prng(11);
    let accepted = 0;
    let valid = 0;
    for (let i = 0; i < 6000; i++) {
      const task = random() < 0.75 ? 'multiclass' : 'multilabel';
      const shape: Shape = { rows: 1 + Math.floor(random() * 5), classes: 1 + Math.floor(random() * 6), task };
      const header = randomHeader(random, task, shape.classes);
      const classes = random() < 0.5 ? shape.classes : random() < 0.1 ? shape.classes + 1 : undefined;
      const text = randomRecordText(random, shape, header);
      const bytes = encoder.encode(random() < 0.05 ? ` ${text}\t` : text);
      if (generic(decoder.decode(bytes), header, classes)) valid++;
      if (agrees(bytes, header, classes)) accepted++;
    }
    // Not vacuous: most valid records take the fast path.
    assert.ok(valid > 2000 && accepted > 0.7 * valid, `${accepted} accepted of ${valid} valid`);
  });

  it('never gives a different record, nor throws, on corrupted lines', () => {
    const random = prng(12);
    const tokens = ['NaN', '-NaN', 'Infinity', '-', '.', 'e', '1e', '01', '+1', ',', ']', '[', '}', '{', '"', '\\', 'null', 'true', ' '];
    tokens.push('\u00e9', '\ufeff', '\u0000', '\n');
    for (let i = 0; i < 6000; i++) {
      const shape: Shape = { rows: 1 + Math.floor(random() * 3), classes: 1 + Math.floor(random() * 4), task: 'multiclass' };
      let bytes = encoder.encode(randomRecordText(random, shape, DEFAULT_HEADER));
      const cuts = 1 + Math.floor(random() * 3);
      for (let c = 0; c < cuts; c++) {
        const at = Math.floor(random() * bytes.length);
        const how = random();
        if (how < 0.25) bytes = bytes.subarray(0, at); // truncated
        else if (how < 0.5) bytes[at] = Math.floor(random() * 256); // a byte replaced
        else if (how < 0.75) bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + Math.floor(random() * 4))]); // bytes dropped
        else bytes = new Uint8Array([...bytes.subarray(0, at), ...encoder.encode(tokens[Math.floor(random() * tokens.length)]), ...bytes.subarray(at)]);
      }
      agrees(bytes, DEFAULT_HEADER, random() < 0.5 ? shape.classes : undefined);
    }
  });

  it('reads json.dumps records of a torch run: float32 logits, class-index targets, loss', () => {
    const random = prng(13);
    const logits = Array.from({ length: 64 }, () => Array.from({ length: 100 }, () => pythonRepr(Math.fround(random() * 8 - 4))));
    const targets = Array.from({ length: 64 }, () => Math.floor(random() * 100));
    const text = `{"step": 12, "logits": [${logits.map((row) => `[${row.join(', ')}]`).join(', ')}], "targets": [${targets.join(', ')}], "loss": 2.3}`;
    assert.ok(agrees(encoder.encode(text), DEFAULT_HEADER, undefined));
    assert.ok(agrees(encoder.encode(text), DEFAULT_HEADER, 100));
  });

  it('leaves headers, escapes, nested values, duplicate keys and invalid records to the generic path', () => {
    const lines = [
      '{"format": "loss-lens", "version": 1}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "format": "loss-lens"}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "split": "v\\u0061l"}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "__proto__": {"step": 99}}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "ids": [["a"]]}',
      '{"step": 1, "step": 2, "logits": [[1, 2]], "targets": [1]}',
      '{"step": 1, "logits": [[1, 2]], "targets": [2]}',
      '{"step": 1, "logits": [[1, 2], [3]], "targets": [1, 0]}',
      '{"step": 1, "logits": [[1, 2]], "probs": [[0.5, 0.5]], "targets": [1]}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "split": null}',
      '{"step": 1, "logits": [[1, 2]], "targets": [1]} x',
      '{"step": 1, "logits": [[1, 2]], "targets": [1],}',
      '{"step": 1, "logits": [[1, 2]]}',
      '[1, 2]',
      '',
    ];
    for (const line of lines) assert.equal(scanRecord(encoder.encode(line), DEFAULT_HEADER, undefined), undefined, line);
  });

  it('takes records with null options, −0 steps, unknown plain keys and spaces anywhere', () => {
    for (const line of [
      '{"step": 1, "logits": [[1, 2]], "targets": [1], "loss": null, "time": null}',
      '{"step": -0, "logits": [[1, 2]], "targets": [1]}',
      '{"lr": 0.001, "note": "x", "flag": false, "step": 1, "logits": [1, 2], "targets": 1}',
      ' { "step" : 1 , "logits" : [ [ 1 , 2 ] ] , "targets" : [ 1 ] } ',
      '{"step":1,"task":"multilabel","probs":[[0.5,1]],"targets":[[0,1]],"ids":["a"],"split":"val"}',
    ]) {
      assert.ok(agrees(encoder.encode(line), DEFAULT_HEADER, undefined), line);
    }
  });

  it('leaves a run, its problems and its record locations just as the JSON path alone makes them', () => {
    const random = prng(14);
    const fast = new Run();
    const slow = new Run();
    let offset = 0;
    for (let i = 1; i <= 3000; i++) {
      const shape: Shape = { rows: 1 + Math.floor(random() * 3), classes: 3, task: 'multiclass' };
      const header = '{"format": "loss-lens", "version": 1, "classes": ["a", "b", "c"]}';
      const text = i === 1 ? header : random() < 0.02 ? '' : randomRecordText(random, shape, DEFAULT_HEADER);
      const bytes = encoder.encode(text);
      const line: Line = { text, bytes, number: i, offset, length: bytes.length + 1 };
      fast.ingest('log.jsonl', line);
      slow.ingest('log.jsonl', { text, number: i, offset, length: bytes.length + 1 });
      offset += bytes.length + 1;
    }
    const comparable = (run: Run): string =>
      JSON.stringify({ steps: run.steps(), problems: run.problems, count: run.problemCount }, (_key, value: unknown) =>
        typeof value === 'number' && !Number.isFinite(value) ? String(value) : value instanceof Float64Array ? Array.from(value) : value,
      );
    assert.equal(comparable(fast), comparable(slow));
    assert.ok(fast.steps().length > 500);
    for (const step of fast.steps()) assert.deepEqual(fast.locate(step.split, step.step), slow.locate(step.split, step.step));
  });
});
