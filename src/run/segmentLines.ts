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
  try {
    while (splitter.position < end) {
      const want = Math.min(CHUNK_BYTES, end - splitter.position);
      // A fresh buffer each time: the splitter's lines are views of it.
      const buffer = Buffer.allocUnsafeSlow(want);
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
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return { entries, lines: splitter.lines, end: splitter.lineStart };
}
