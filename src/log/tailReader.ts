import * as fs from 'node:fs';
import { LineSplitter, type Line } from './lines';

/** What one `read` found. */
export interface TailRead {
  /** The file shrank, was replaced or was deleted: everything read before no longer holds. */
  readonly restarted: boolean;
  /** The file does not exist (now). */
  readonly missing: boolean;
  /** Bytes read by this call. */
  readonly bytes: number;
  /** Bytes the file held beyond what this call read (when it was limited by `maxBytes`). */
  readonly remaining: number;
  /** The file's size when this call looked. */
  readonly size: number;
}

const CHUNK_BYTES = 1 << 20;
/** Read buffers kept for reuse: the one being read and the one being split, at most. */
const SPARE_BUFFERS = 2;

/**
 * Reads a stretch of complete lines elsewhere (the run reader's worker threads): given where the
 * first of them starts, where the stretch ends and how many lines came before, it reads them and
 * says where its complete lines end and how many there were, or returns undefined if it cannot
 * now. Offered a stretch only once at least `minBytes` wait, and taken once per `read`.
 */
export interface BulkReader {
  readonly minBytes: number;
  read(start: number, end: number, before: number): Promise<{ end: number; lines: number }> | undefined;
}

/**
 * Follows a file that a training run appends to. Each `read` reads only the bytes appended since
 * the previous one (never the whole file again), in 1 MiB chunks, and hands out the complete
 * lines; a partial last line waits for its newline. A file that shrinks (truncated), changes
 * identity (replaced: a new inode, as after `mv new old` or a run restarted with mode "w") or
 * disappears is noticed, and reading starts over from its first byte with `restarted` set, so the
 * caller can drop what it derived from the old content.
 */
export class TailReader {
  private readonly splitter = new LineSplitter();
  private identity: string | undefined;
  /**
   * Read buffers the splitter holds no view of any more, for the next chunks: a fresh megabyte
   * per chunk cost its page faults every time.
   */
  private readonly spare: Buffer[] = [];

  constructor(readonly path: string) {}

  /** Bytes consumed so far, complete lines and the pending partial line. */
  get position(): number {
    return this.splitter.position;
  }

  /**
   * Reads what was appended, calling `onLine` for each new complete line. `onRestart` is called
   * when the file has to be read again from its start, before any line of its new content.
   */
  async read(onLine: (line: Line) => void, onRestart: () => void = () => undefined, maxBytes = Infinity, bulk?: BulkReader): Promise<TailRead> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.path);
    } catch (error) {
      return this.gone(error, onRestart);
    }
    const identity = `${stat.dev}:${stat.ino}`;
    let restarted = false;
    if ((this.identity !== undefined && identity !== this.identity) || stat.size < this.splitter.position) {
      this.startOver();
      restarted = true;
      onRestart();
    }
    this.identity = identity;
    if (stat.size === this.splitter.position) return { restarted, missing: false, bytes: 0, remaining: 0, size: stat.size };
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.path, 'r');
    } catch (error) {
      // Deleted between the stat and the open: the same as not being there.
      return this.gone(error, onRestart);
    }
    const first = this.splitter.position;
    try {
      // Read up to the size seen now; what is appended meanwhile is left for the next call. The
      // next chunk is requested before this one is split and parsed, so the disk read overlaps
      // the parsing instead of idling between them.
      const end = Math.min(stat.size, this.splitter.position + maxBytes);
      let position = this.splitter.position;
      const request = (): Promise<Uint8Array> | undefined =>
        position < end ? readChunk(handle, position, Math.min(CHUNK_BYTES, end - position), this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES)) : undefined;
      let offered = false;
      let next = request();
      while (next) {
        if (bulk && !offered && end - this.splitter.lineStart >= bulk.minBytes) {
          const reading = bulk.read(this.splitter.lineStart, end, this.splitter.lines);
          if (reading) {
            offered = true;
            await next.catch(() => undefined); // the chunk in flight is read again, from the pending line on
            const done = await reading;
            this.splitter.skipTo(done.end, this.splitter.lines + done.lines);
            position = done.end;
            next = request();
            continue;
          }
        }
        const chunk = await next;
        position += chunk.length;
        next = chunk.length > 0 ? request() : undefined;
        if (chunk.length === 0) break; // truncated under us: the next read notices
        try {
          this.splitter.push(chunk, onLine);
        } catch (error) {
          await next?.catch(() => undefined); // the handle closes only once no read is in flight
          throw error;
        }
        if (!this.splitter.holds(chunk) && this.spare.length < SPARE_BUFFERS) this.spare.push(Buffer.from(chunk.buffer, 0, CHUNK_BYTES));
      }
    } finally {
      await handle.close();
    }
    const bytes = this.splitter.position - first;
    return { restarted, missing: false, bytes, remaining: stat.size - this.splitter.position, size: stat.size };
  }

  /** Treats the pending partial line as complete: for a file whose writer has finished. */
  finish(onLine: (line: Line) => void): void {
    this.splitter.finish(onLine);
  }

  /** The file is not there (any other error is thrown): forget it, and say so if it was read. */
  private gone(error: unknown, onRestart: () => void): TailRead {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const restarted = this.identity !== undefined;
    this.startOver();
    if (restarted) onRestart();
    return { restarted, missing: true, bytes: 0, remaining: 0, size: 0 };
  }

  private startOver(): void {
    this.splitter.reset();
    this.identity = undefined;
  }
}

/** Up to `want` bytes at `position`, read into `buffer` (of at least `want` bytes). */
async function readChunk(handle: fs.promises.FileHandle, position: number, want: number, buffer: Buffer): Promise<Uint8Array> {
  const { bytesRead } = await handle.read(buffer, 0, want, position);
  return buffer.subarray(0, bytesRead);
}

/** Reads one line back by its byte offset and length (from `Line`), without its line end. */
export async function readLineAt(path: string, offset: number, length: number): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, offset);
    let text = bytes.subarray(0, bytesRead).toString('utf8');
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.replace(/\r?\n$/, '');
  } finally {
    await handle.close();
  }
}
