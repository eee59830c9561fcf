import { TailReader } from '../log/tailReader';
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
}

/** Feeds a `Run` from its log files, reading only what each one had appended since the last poll. */
export class RunReader {
  readonly run = new Run();
  private readonly readers: TailReader[];

  constructor(files: readonly string[]) {
    this.readers = files.map((file) => new TailReader(file));
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
      );
      if (result.missing) missing.push(file);
      if (finished) reader.finish(onLine);
      bytes += result.bytes;
      remaining += result.remaining;
      size += result.size;
    }
    return { bytes, restarted, missing, remaining, size };
  }
}
