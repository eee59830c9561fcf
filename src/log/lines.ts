/** One complete line of a log file, without its line end. */
export interface Line {
  /** The line decoded as UTF-8 (decoded when first read: the fast path may never need it). */
  readonly text: string;
  /** The line's bytes, without its line end (and without a byte order mark). */
  readonly bytes?: Uint8Array;
  /** 1-based line number in the file. */
  readonly number: number;
  /** Byte offset of the line's first byte in the file. */
  readonly offset: number;
  /** Bytes from `offset` to the end of the line, its line end included. */
  readonly length: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Cuts a stream of bytes into lines as they arrive. A line is only handed out once its `\n` has
 * arrived: a writer may be in the middle of it, so the partial last line is kept (as the chunks
 * it came in, never re-copied while it grows, so a 50 MB line costs one concatenation). `\r\n`
 * ends and a UTF-8 byte order mark at the start of the file are removed.
 */
export class LineSplitter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Byte offset, in the file, of the first pending byte. */
  private offset = 0;
  private lineNumber = 0;

  /** Bytes taken so far: where the next chunk starts in the file. */
  get position(): number {
    return this.offset + this.pendingBytes;
  }

  /** Bytes of the incomplete last line. */
  get partialBytes(): number {
    return this.pendingBytes;
  }

  /** Byte offset in the file where the next line starts (the incomplete last line, if any). */
  get lineStart(): number {
    return this.offset;
  }

  /** Lines handed out so far. */
  get lines(): number {
    return this.lineNumber;
  }

  /** Whether the incomplete last line is kept as a view of `chunk`'s memory (it must not be overwritten yet). */
  holds(chunk: Uint8Array): boolean {
    return this.pending.some((piece) => piece.buffer === chunk.buffer);
  }

  /**
   * Drops the incomplete last line and continues at `offset`, which must be a line start, as line
   * `lines + 1`: for lines that were read elsewhere (by the parallel reader), or to start reading
   * in the middle of a file.
   */
  skipTo(offset: number, lines: number): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.offset = offset;
    this.lineNumber = lines;
  }

  /**
   * Takes the next chunk of the file, calling `onLine` for each line it completes. The chunk is
   * kept (lines and the partial line are views of it): the caller must not overwrite it.
   */
  push(chunk: Uint8Array, onLine: (line: Line) => void): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end < 0) break;
      const piece = chunk.subarray(start, end + 1);
      const bytes = this.pendingBytes === 0 ? piece : concat([...this.pending, piece], this.pendingBytes + piece.length);
      this.pending = [];
      this.pendingBytes = 0;
      this.emit(bytes, onLine);
      start = end + 1;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
    }
  }

  /** The incomplete last line as if it were complete (for a file known to be finished), or undefined. */
  finish(onLine: (line: Line) => void): void {
    if (this.pendingBytes === 0) return;
    const bytes = concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.emit(bytes, onLine);
  }

  /** Forgets everything: the file starts over (it was truncated or replaced). */
  reset(): void {
    this.skipTo(0, 0);
  }

  private emit(bytes: Uint8Array, onLine: (line: Line) => void): void {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === NEWLINE) end--;
    if (end > 0 && bytes[end - 1] === CARRIAGE_RETURN) end--;
    const begin = this.offset === 0 ? bomLength(bytes) : 0;
    const line = new SplitLine(bytes.subarray(begin, Math.max(begin, end)), ++this.lineNumber, this.offset, bytes.length);
    this.offset += bytes.length;
    onLine(line);
  }
}

const decoder = new TextDecoder('utf-8');

/**
 * A line whose text is decoded on first use. Its bytes are a view of the chunk it arrived in, so
 * chunks handed to `push` must not be reused afterwards (TailReader reads into fresh buffers).
 */
class SplitLine implements Line {
  private decoded: string | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly number: number,
    readonly offset: number,
    readonly length: number,
  ) {}

  get text(): string {
    return (this.decoded ??= decoder.decode(this.bytes));
  }
}

function bomLength(chunk: Uint8Array): number {
  return chunk.length >= 3 && BOM.every((byte, i) => chunk[i] === byte) ? 3 : 0;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
