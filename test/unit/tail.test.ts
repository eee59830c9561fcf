import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineSplitter, type Line } from '../../src/log/lines';
import { readLineAt, TailReader } from '../../src/log/tailReader';

function split(chunks: (string | Uint8Array)[]): Line[] {
  const splitter = new LineSplitter();
  const lines: Line[] = [];
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (line) => lines.push(line));
  return lines;
}

describe('cutting bytes into lines', () => {
  it('hands out a line only once its newline has arrived', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    splitter.push(Buffer.from('{"a": 1}\n{"b"'), (l) => lines.push(l.text));
    assert.deepEqual(lines, ['{"a": 1}']);
    assert.equal(splitter.partialBytes, 4);
    splitter.push(Buffer.from(': 2}\n'), (l) => lines.push(l.text));
    assert.deepEqual(lines, ['{"a": 1}', '{"b": 2}']);
  });

  it('removes CRLF line ends and a byte order mark, keeping byte offsets of the file', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const lines = split([Buffer.concat([bom.subarray(0, 2)]), Buffer.concat([bom.subarray(2), Buffer.from('first\r\nsécond\r\nthird\n')])]);
    assert.deepEqual(lines.map((l) => l.text), ['first', 'sécond', 'third']);
    assert.deepEqual(lines.map((l) => [l.number, l.offset, l.length]), [[1, 0, 10], [2, 10, 9], [3, 19, 6]]);
  });

  it('keeps a multi-byte character split across chunks whole', () => {
    const bytes = Buffer.from('é€😀\n');
    const lines = split(Array.from(bytes, (b) => Uint8Array.of(b)));
    assert.equal(lines[0].text, 'é€😀');
  });

  it('handles a 50 MB line arriving in 64 KiB chunks', () => {
    const line = Buffer.alloc(50 * 1024 * 1024, 0x31);
    const splitter = new LineSplitter();
    const lines: Line[] = [];
    for (let at = 0; at < line.length; at += 65536) splitter.push(line.subarray(at, at + 65536), (l) => lines.push(l));
    assert.equal(lines.length, 0);
    splitter.push(Buffer.from('\n{}\n'), (l) => lines.push(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].text.length, line.length);
    assert.equal(lines[1].offset, line.length + 1);
  });
});

describe('following a file as it grows', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-tail-'));
    file = path.join(dir, 'run.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function read(reader: TailReader): Promise<{ lines: string[]; restarted: boolean; bytes: number; missing: boolean }> {
    const lines: string[] = [];
    const { restarted, bytes, missing } = await reader.read((l) => lines.push(l.text));
    return { lines, restarted, bytes, missing };
  }

  it('reads only the bytes appended since the last read', async () => {
    fs.writeFileSync(file, 'one\ntwo\nthr');
    const reader = new TailReader(file);
    assert.deepEqual(await read(reader), { lines: ['one', 'two'], restarted: false, bytes: 11, missing: false });
    fs.appendFileSync(file, 'ee\nfour\n');
    assert.deepEqual(await read(reader), { lines: ['three', 'four'], restarted: false, bytes: 8, missing: false });
    assert.deepEqual(await read(reader), { lines: [], restarted: false, bytes: 0, missing: false });
  });

  it('reuses its read buffers only once no line in progress is a view of them', async () => {
    // Lines of 0.3 to 2.7 MB, so that some span two or three 1 MiB chunks and some end inside
    // one, each with its own byte throughout: a buffer overwritten too early would mix them.
    const expected: string[] = [];
    for (let k = 0; k < 14; k++) expected.push(String.fromCharCode(97 + k).repeat(300_000 + ((k * 911_111) % 2_400_000)));
    fs.writeFileSync(file, expected.join('\n') + '\n' + 'partial');
    const reader = new TailReader(file);
    const lines: string[] = [];
    await reader.read((l) => lines.push(l.text));
    reader.finish((l) => lines.push(l.text));
    assert.deepEqual(lines.map((l) => [l.length, l[0], l.at(-1)]), [...expected, 'partial'].map((l) => [l.length, l[0], l.at(-1)]));
    assert.ok(lines.every((line, k) => line === [...expected, 'partial'][k]));
  });

  it('starts over when the file is truncated', async () => {
    fs.writeFileSync(file, 'one\ntwo\n');
    const reader = new TailReader(file);
    await read(reader);
    fs.writeFileSync(file, 'new\n');
    assert.deepEqual(await read(reader), { lines: ['new'], restarted: true, bytes: 4, missing: false });
  });

  it('starts over when the file is replaced by another, even a longer one', async () => {
    fs.writeFileSync(file, 'one\n');
    const reader = new TailReader(file);
    await read(reader);
    const other = path.join(dir, 'other.jsonl');
    fs.writeFileSync(other, 'alpha\nbeta\n');
    fs.renameSync(other, file);
    assert.deepEqual(await read(reader), { lines: ['alpha', 'beta'], restarted: true, bytes: 11, missing: false });
  });

  it('notices a deleted file and reads it again when it comes back', async () => {
    fs.writeFileSync(file, 'one\n');
    const reader = new TailReader(file);
    await read(reader);
    fs.rmSync(file);
    assert.deepEqual(await read(reader), { lines: [], restarted: true, bytes: 0, missing: true });
    assert.deepEqual(await read(reader), { lines: [], restarted: false, bytes: 0, missing: true });
    fs.writeFileSync(file, 'again\n');
    assert.deepEqual(await read(reader), { lines: ['again'], restarted: false, bytes: 6, missing: false });
  });

  it('reads a large file in slices when asked, saying what remains', async () => {
    fs.writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
    const reader = new TailReader(file);
    const lines: string[] = [];
    const first = await reader.read((l) => lines.push(l.text), undefined, 7);
    assert.deepEqual([lines, first.bytes, first.remaining, first.size], [['aaaa'], 7, 8, 15]);
    const second = await reader.read((l) => lines.push(l.text), undefined, 7);
    assert.deepEqual([lines, second.remaining], [['aaaa', 'bbbb'], 1]);
    await reader.read((l) => lines.push(l.text));
    assert.deepEqual(lines, ['aaaa', 'bbbb', 'cccc']);
  });

  it('reads one line back by its offset', async () => {
    fs.writeFileSync(file, '\ufeffone\r\ntwo\n');
    const reader = new TailReader(file);
    const lines: Line[] = [];
    await reader.read((l) => lines.push(l));
    assert.equal(await readLineAt(file, lines[0].offset, lines[0].length), 'one');
    assert.equal(await readLineAt(file, lines[1].offset, lines[1].length), 'two');
  });
});
