import * as fs from 'node:fs';
import type { IngestPool } from './ingestPool';
import type { Run } from './run';
import type { Segment } from './segmentLines';

/** Bytes per segment: small enough that the threads share a 16 MiB slice, large enough to pay for a message. */
export const SEGMENT_BYTES = 4 << 20;

/** How far a bulk read got: where its complete lines end, and how many there were. */
export interface BulkProgress {
  readonly end: number;
  readonly lines: number;
}

/**
 * Reads the complete lines of `file` in [start, end) into `run` with the pool (its worker threads
 * and this thread): `start` is a line start after `before` lines, and the run already knows the
 * file's header and classes (`run.lineContext`). The stretch is cut at line starts into segments,
 * read side by side; their sums and problems reach the run in file order, with file line numbers, so
 * the run ends up as if `ingest` had taken every line. On a failure, what was handed to the run
 * still counts: the returned progress says where to go on from, and `failure` why it stopped.
 */
export async function readInBulk(
  pool: IngestPool,
  run: Run,
  file: string,
  stretch: { start: number; end: number; before: number },
  segmentBytes = SEGMENT_BYTES,
): Promise<BulkProgress & { failure?: Error }> {
  const { start, end, before } = stretch;
  const context = run.lineContext(file);
  if (!context) return { end: start, lines: 0 };
  let done: BulkProgress = { end: start, lines: 0 };
  try {
    const cuts = await lineStarts(file, start, end, segmentBytes);
    const segments: Segment[] = cuts.slice(0, -1).map((at, i) => ({ file, start: at, end: cuts[i + 1], ...context }));
    let stopped = false;
    await pool.run(segments, (result, index) => {
      if (stopped) return;
      const base = before + done.lines;
      for (const entry of result.entries) {
        if ('message' in entry) run.addProblem({ ...entry, line: entry.line + base });
        else run.addLineSums(file, { ...entry, line: entry.line + base });
      }
      done = { end: result.end, lines: done.lines + result.lines };
      // A segment that ended early (the file shrank under us): what follows is not its continuation.
      if (result.end !== segments[index].end) stopped = true;
    });
    return done;
  } catch (error) {
    return { ...done, failure: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** `start`, then line starts about `segmentBytes` apart (the first at or after each step) before `end`, and `end`. */
async function lineStarts(file: string, start: number, end: number, segmentBytes: number): Promise<number[]> {
  const cuts = [start];
  const handle = await fs.promises.open(file, 'r');
  try {
    const probe = Buffer.alloc(64 * 1024);
    for (let at = start + segmentBytes; at < end; at = cuts[cuts.length - 1] + segmentBytes) {
      // A line starts after a newline: look for the first one at or after at − 1.
      let from = Math.max(at - 1, cuts[cuts.length - 1]);
      let cut = -1;
      while (cut < 0 && from < end) {
        const { bytesRead } = await handle.read(probe, 0, Math.min(probe.length, end - from), from);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline >= 0) cut = from + newline + 1;
        from += bytesRead;
      }
      if (cut < 0 || cut >= end) break;
      cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(end);
  return cuts;
}
