import * as fs from 'node:fs';
import { LossLensError } from '../core';
import { LineSplitter } from '../log/lines';
import type { LogHeader } from '../log/record';
import { readLogLine, type LineSums } from './logLine';
import type { Problem } from './run';

/** A stretch of a log file for one worker: whole lines from `start` (a line start) up to `end`. */
export interface Segment {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly header: LogHeader;
  readonly classes: number;
}

/**
 * What a segment's lines gave, in file order: each record's sums or the problem with its line.
 * Line numbers count from 1 at the segment's first line; the caller adds the lines before it.
 */
export interface SegmentResult {
  readonly entries: (LineSums | Problem)[];
  /** Complete lines in the segment. */
  readonly lines: number;
  /** Where the last complete line ends: `end`, unless the segment ends inside a line. */
  readonly end: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Read buffers for the next chunks, of this thread. A buffer is reused once the splitter holds no
 * view of it (a line spanning chunks is kept as views until it ends): a fresh megabyte per chunk
 * cost its page faults every time.
 */
const spare: Buffer[] = [];
const SPARE_BUFFERS = 2;

/**
 * Reads the complete lines of a segment exactly as `Run.ingest` would, the file's first line
 * excepted (a segment never holds it: a header there is an error, as anywhere but first). An
 * incomplete line at the segment's end is left out, for the caller to read when it is complete.
 */
export function readSegment(segment: Segment): SegmentResult {
  const { file, start, end, header, classes } = segment;
  const entries: (LineSums | Problem)[] = [];
  const splitter = new LineSplitter();
  splitter.skipTo(start, 0);
  const descriptor = fs.openSync(file, 'r');
  const taken: Buffer[] = [];
  try {
    while (splitter.position < end) {
      const want = Math.min(CHUNK_BYTES, end - splitter.position);
      const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
      taken.push(buffer);
      const read = fs.readSync(descriptor, buffer, 0, want, splitter.position);
      if (read === 0) break; // the file shrank: the next poll notices
      splitter.push(buffer.subarray(0, read), (line) => {
        try {
          const outcome = readLogLine(line, header, classes, false);
          if (outcome.kind === 'record') entries.push(outcome);
        } catch (error) {
          if (!(error instanceof LossLensError)) throw error;
          entries.push({ file, line: line.number, field: error.field, message: error.message });
        }
      });
      if (!splitter.holds(buffer)) spare.push(taken.pop()!); // (never more than one: it is taken at once)
    }
  } finally {
    fs.closeSync(descriptor);
    // The splitter, and its views, end here; a few buffers are kept (a long line took many).
    spare.push(...taken.slice(0, Math.max(0, SPARE_BUFFERS - spare.length)));
  }
  return { entries, lines: splitter.lines, end: splitter.lineStart };
}
