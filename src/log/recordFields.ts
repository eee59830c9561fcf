import { readNumber, readNumberInto, type Cursor } from './decimal';
import { numberLists, type NumberLists } from './numberList';
import type { OutputKind, Task } from './record';

/**
 * The fields of a record line, read straight from its UTF-8 bytes: number arrays go into
 * Float64Arrays without a JS array or string per number. Only the shapes a training script writes
 * are read (the keys of docs/log-format.md with their usual types, unknown keys with plain values);
 * anything else gives `undefined`, and the caller hands the line to `JSON.parse`, whose reading and
 * error messages are the reference. So this reader may refuse any line, but must never accept one
 * that `parsePythonJson` would read differently or refuse.
 */
export interface RecordFields {
  step?: number;
  split?: string;
  task?: Task;
  kind?: OutputKind;
  outputs?: Numbers;
  targets?: Numbers;
  ids?: (string | number)[];
  /** `loss`, `time`, `epoch`: undefined when absent or null. */
  loss?: number;
  time?: number;
  epoch?: number;
}

/** A number, a list of numbers or a list of equally long lists of numbers, row-major. */
export interface Numbers {
  readonly shape: 'number' | 'list' | 'rows';
  /** A view of a scratch buffer that the next line overwrites: copy what is kept. */
  readonly data: Float64Array;
  readonly rows: number;
  /** The length of each row (of the list, for a list; 1 for a number). */
  readonly columns: number;
}

const KEYS = ['step', 'split', 'task', 'logits', 'probs', 'log_probs', 'targets', 'ids', 'loss', 'time', 'epoch', 'format'] as const;
type Key = (typeof KEYS)[number];
const KEY_BYTES = KEYS.map((key) => Uint8Array.from(key, (char) => char.charCodeAt(0)));

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Strings are decoded as the whole line is (invalid UTF-8 becomes U+FFFD), keeping a U+FEFF. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Scratch buffers, grown as needed and reused from line to line (one line is read at a time);
// one grown past 1M numbers (8 MB) by a huge line is not kept for the next.
const SCRATCH_LENGTH = 1 << 12;
const SCRATCH_KEPT = 1 << 20;
let outputScratch = new Float64Array(SCRATCH_LENGTH);
let targetScratch = new Float64Array(SCRATCH_LENGTH);

/** The fields of the JSON object that `bytes` holds, or undefined (see `RecordFields`). */
export function readRecordFields(bytes: Uint8Array): RecordFields | undefined {
  if (outputScratch.length > SCRATCH_KEPT) outputScratch = new Float64Array(SCRATCH_LENGTH);
  if (targetScratch.length > SCRATCH_KEPT) targetScratch = new Float64Array(SCRATCH_LENGTH);
  let end = bytes.length;
  while (end > 0 && isSpace(bytes[end - 1])) end--;
  // The closing brace bounds every scan but a string's: a number or a word always stops at it.
  if (end === 0 || bytes[end - 1] !== CLOSE_BRACE) return undefined;
  // Read in WebAssembly's memory where it can be (numberList.ts), else where it is; a Buffer is a
  // Uint8Array subclass: one class of array keeps the byte loads monomorphic.
  const lists = numberLists();
  const copied = lists?.copyLine(bytes);
  const plain = copied ?? (bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const reader = new FieldReader(plain, end, copied === undefined ? undefined : lists);
  return reader.readObject() && reader.at === end ? reader.fields : undefined;
}

class FieldReader implements Cursor {
  at = 0;
  readonly view: DataView;
  readonly fields: RecordFields = {};
  private seen = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly end: number,
    /** numberList.wat, when `bytes` is the line copied into its memory: it reads the lists. */
    private readonly lists: NumberLists | undefined,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  readObject(): boolean {
    this.skipSpace();
    if (this.bytes[this.at] !== OPEN_BRACE) return false;
    this.at++;
    this.skipSpace();
    if (this.bytes[this.at] === CLOSE_BRACE) return false; // {} has no step
    for (;;) {
      const key = this.readKey();
      if (key === undefined) return false;
      this.skipSpace();
      if (this.bytes[this.at] !== COLON) return false;
      this.at++;
      this.skipSpace();
      if (!this.readValue(key)) return false;
      this.skipSpace();
      const byte = this.bytes[this.at++];
      if (byte === CLOSE_BRACE) return true;
      if (byte !== COMMA) return false;
      this.skipSpace();
    }
  }

  /** A known key (not seen before), null for another key, undefined for anything else. */
  private readKey(): Key | null | undefined {
    const start = this.at + 1;
    const close = this.stringEnd();
    if (close < 0) return undefined;
    this.at = close + 1;
    for (let k = 0; k < KEYS.length; k++) {
      if (!sameBytes(this.bytes, start, close, KEY_BYTES[k])) continue;
      if (this.seen & (1 << k)) return undefined; // JSON.parse keeps the last: leave it to it
      this.seen |= 1 << k;
      return KEYS[k];
    }
    return null;
  }

  private readValue(key: Key | null): boolean {
    const fields = this.fields;
    switch (key) {
      case 'step':
        fields.step = readNumber(this);
        return this.at >= 0;
      case 'split':
        fields.split = this.readString();
        return fields.split !== undefined;
      case 'task': {
        const task = this.readString();
        if (task !== 'multiclass' && task !== 'multilabel') return false;
        fields.task = task;
        return true;
      }
      case 'logits':
      case 'probs':
      case 'log_probs':
        if (fields.kind !== undefined) return false; // two kinds of output
        fields.kind = key;
        fields.outputs = this.readNumbers(false);
        return fields.outputs !== undefined;
      case 'targets':
        fields.targets = this.readNumbers(true);
        return fields.targets !== undefined;
      case 'ids':
        fields.ids = this.readIds();
        return fields.ids !== undefined;
      case 'loss':
      case 'time':
      case 'epoch':
        if (this.readWord('null')) return true;
        fields[key] = readNumber(this);
        return this.at >= 0;
      case 'format':
        return false; // perhaps a (misplaced) header: its own path says what is wrong
      default:
        return this.skipPlainValue();
    }
  }

  /** A number, a list of numbers, or a list of equally long non-empty lists of numbers. */
  private readNumbers(targets: boolean): Numbers | undefined {
    const bytes = this.bytes;
    if (bytes[this.at] !== OPEN_BRACKET) {
      if (!targets) return undefined; // outputs are always a list
      const value = readNumber(this);
      if (this.at < 0) return undefined;
      targetScratch[0] = value;
      return { shape: 'number', data: targetScratch.subarray(0, 1), rows: 1, columns: 1 };
    }
    this.at++;
    this.skipSpace();
    if (bytes[this.at] !== OPEN_BRACKET) {
      const count = this.readList(targets, 0);
      if (count === 0) return undefined;
      return { shape: 'list', data: this.scratch(targets).subarray(0, count), rows: 1, columns: count };
    }
    let count = 0;
    let rows = 0;
    let columns = 0;
    for (;;) {
      if (bytes[this.at] !== OPEN_BRACKET) return undefined;
      this.at++;
      const after = this.readList(targets, count);
      if (after === 0 || (rows > 0 && after - count !== columns)) return undefined;
      columns = after - count;
      count = after;
      rows++;
      this.skipSpace();
      const byte = bytes[this.at++];
      if (byte === CLOSE_BRACKET) break;
      if (byte !== COMMA) return undefined;
      this.skipSpace();
    }
    return { shape: 'rows', data: this.scratch(targets).subarray(0, count), rows, columns };
  }

  /**
   * Reads the numbers of a list whose `[` is behind, through its `]`, into the scratch buffer
   * from `count` on. Returns the new count, or 0 for an empty list or anything but numbers.
   */
  private readList(targets: boolean, count: number): number {
    const bytes = this.bytes;
    let scratch = this.scratch(targets);
    this.skipSpace();
    if (bytes[this.at] === CLOSE_BRACKET) return 0;
    for (;;) {
      if (this.lists) {
        // As many numbers as numberList.wat takes; it stops at any other, which is read below.
        if (count === scratch.length) scratch = this.grow(targets);
        count += this.lists.read(this.at, scratch, count);
        this.at = this.lists.stop;
        if (this.lists.closed) return count;
        this.skipSpace(); // it stops at a number's start, or at a tab or newline before one
      }
      if (count === scratch.length) scratch = this.grow(targets);
      readNumberInto(this, scratch, count++);
      if (this.at < 0) return 0;
      let byte = bytes[this.at];
      if (isSpace(byte)) {
        this.skipSpace();
        byte = bytes[this.at];
      }
      this.at++;
      if (byte === CLOSE_BRACKET) return count;
      if (byte !== COMMA) return 0;
      if (bytes[this.at] === SPACE) this.at++; // json.dumps writes ", "
      if (isSpace(bytes[this.at])) this.skipSpace();
    }
  }

  private scratch(targets: boolean): Float64Array {
    return targets ? targetScratch : outputScratch;
  }

  private grow(targets: boolean): Float64Array {
    const old = this.scratch(targets);
    const grown = new Float64Array(old.length * 2);
    grown.set(old);
    if (targets) targetScratch = grown;
    else outputScratch = grown;
    return grown;
  }

  /** A non-empty list of strings and numbers. */
  private readIds(): (string | number)[] | undefined {
    if (this.bytes[this.at] !== OPEN_BRACKET) return undefined;
    this.at++;
    const ids: (string | number)[] = [];
    for (;;) {
      this.skipSpace();
      const id = this.bytes[this.at] === QUOTE ? this.readString() : readNumber(this);
      if (id === undefined || this.at < 0) return undefined;
      ids.push(id);
      this.skipSpace();
      const byte = this.bytes[this.at++];
      if (byte === CLOSE_BRACKET) return ids;
      if (byte !== COMMA) return undefined;
    }
  }

  /** A string without escapes or control characters, through its closing quote. */
  private readString(): string | undefined {
    const start = this.at + 1;
    const close = this.stringEnd();
    if (close < 0) return undefined;
    this.at = close + 1;
    return decoder.decode(this.bytes.subarray(start, close));
  }

  /** Where the string at `at` closes, or −1 if it is no string, holds an escape or a control character. */
  private stringEnd(): number {
    const bytes = this.bytes;
    if (bytes[this.at] !== QUOTE) return -1;
    for (let i = this.at + 1; i < this.end; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) return i;
      if (byte < 0x20 || byte === BACKSLASH) return -1;
    }
    return -1;
  }

  /** The value of a key this reader does not know: a number, a string, true, false or null. */
  private skipPlainValue(): boolean {
    if (this.bytes[this.at] === QUOTE) return this.readString() !== undefined;
    if (this.readWord('true') || this.readWord('false') || this.readWord('null')) return true;
    readNumber(this);
    return this.at >= 0;
  }

  private readWord(word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.bytes[this.at + k] !== word.charCodeAt(k)) return false;
    this.at += word.length;
    return true;
  }

  private skipSpace(): void {
    while (isSpace(this.bytes[this.at])) this.at++;
  }
}

function sameBytes(bytes: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[start + i] !== name[i]) return false;
  return true;
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isSpace(byte: number): boolean {
  return byte === SPACE || byte === TAB || byte === LF || byte === CR;
}
