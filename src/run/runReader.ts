import { TailReader, type BulkReader } from '../log/tailReader';
import { readInBulk } from './bulkRead';
import { IngestPool, type PoolOptions } from './ingestPool';
import { Run } from './run';

export interface PollResult {
  /** Bytes read from all files by this poll. */
  readonly bytes: number;
  /** Files that were truncated, replaced or deleted since the last poll, and read again. */
  readonly restarted: readonly string[];
  /** Files that do not exist (now). */
  readonly missing: readonly string[];
  /** Bytes the files held beyond what this poll read (when limited by `maxBytes`). */
  readonly remaining: number;
  /** The files' total size when this poll looked. */
  readonly size: number;
  /** Why reading on worker threads stopped, if it did (reading went on in this thread). */
  readonly warnings: readonly string[];
}

export interface RunReaderOptions {
  /** Read large stretches of a log on worker threads (see `defaultPoolOptions`). */
  readonly parallel?: PoolOptions;
  /** Unread bytes from which a file is read on worker threads (default 8 MiB). */
  readonly parallelMinBytes?: number;
  /** Bytes per worker's segment (default `SEGMENT_BYTES`, 4 MiB). */
  readonly segmentBytes?: number;
}

const PARALLEL_MIN_BYTES = 8 << 20;

/** Feeds a `Run` from its log files, reading only what each one had appended since the last poll. */
export class RunReader {
  readonly run = new Run();
  private readonly readers: TailReader[];
  private readonly pool: IngestPool | undefined;
  private bytesInSegments = 0;

  constructor(
    files: readonly string[],
    private readonly options: RunReaderOptions = {},
  ) {
    this.readers = files.map((file) => new TailReader(file));
    this.pool = options.parallel && new IngestPool(options.parallel);
  }

  /** Bytes read in segments shared out to worker threads so far (0 without `parallel`, or while every backlog was small). */
  get bytesReadInSegments(): number {
    return this.bytesInSegments;
  }

  /** How many of those segments worker threads read (this thread reads some too). */
  get segmentsReadByWorkers(): number {
    return this.pool?.segmentsReadByWorkers ?? 0;
  }

  /** Worker threads running now. */
  get workersRunning(): number {
    return this.pool?.running ?? 0;
  }

  /** Ends the worker threads, if any (they are started again when needed; a poll that reads everything ends them too). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  get files(): string[] {
    return this.readers.map((reader) => reader.path);
  }

  /** Follows one more file of the run (a rank that started late); read from its start at the next poll. */
  addFile(file: string): void {
    if (!this.files.includes(file)) this.readers.push(new TailReader(file));
  }

  /**
   * Reads every file's new lines into the run. With `finished`, a last line without its newline
   * counts too (the writer is known to be done, as for a one-shot `summarize`). `maxBytes` limits
   * what each file reads in this call, so that a large log loads in slices with progress between.
   */
  async poll(finished = false, maxBytes = Infinity): Promise<PollResult> {
    let bytes = 0;
    let remaining = 0;
    let size = 0;
    const restarted: string[] = [];
    const missing: string[] = [];
    const warnings: string[] = [];
    for (const reader of this.readers) {
      const file = reader.path;
      const onLine = this.run.ingest.bind(this.run, file);
      const result = await reader.read(
        onLine,
        () => {
          this.run.restart(file);
          restarted.push(file);
        },
        maxBytes,
        this.bulkReader(file, warnings),
      );
      if (result.missing) missing.push(file);
      if (finished) reader.finish(onLine);
      bytes += result.bytes;
      remaining += result.remaining;
      size += result.size;
    }
    // Caught up: following a run's appends needs no workers; a new backlog starts them again.
    if (remaining === 0) await this.pool?.close();
    return { bytes, restarted, missing, remaining, size, warnings };
  }

  /** Large stretches of `file` go to the worker threads once the run knows its header and classes. */
  private bulkReader(file: string, warnings: string[]): BulkReader | undefined {
    const pool = this.pool;
    if (!pool) return undefined;
    const run = this.run;
    const segmentBytes = this.options.segmentBytes;
    const counted = (bytes: number): void => {
      this.bytesInSegments += bytes;
    };
    return {
      minBytes: this.options.parallelMinBytes ?? PARALLEL_MIN_BYTES,
      read(start, end, before) {
        if (!run.lineContext(file)) return undefined;
        return readInBulk(pool, run, file, { start, end, before }, segmentBytes).then((progress) => {
          counted(progress.end - start);
          if (progress.failure) warnings.push(`${file}: reading on worker threads failed, read on in one thread (${progress.failure.message})`);
          return progress;
        });
      },
    };
  }
}
