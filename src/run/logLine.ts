import { LossLensError } from '../core';
import type { Line } from '../log/lines';
import { parsePythonJson } from '../log/pythonJson';
import { isHeader, parseHeader, parseRecord, type LogHeader, type Task } from '../log/record';
import { scanRecord } from '../log/recordScanner';
import { recordSums } from './recordSums';
import type { StepSums } from './stepSums';

/** A record line reduced to what the run keeps of it: its step's sums, and where it is on disk. */
export interface LineSums {
  readonly split: string;
  readonly step: number;
  readonly task: Task;
  readonly classes: number;
  readonly sums: StepSums;
  /** 1-based line number, byte offset and length (line end included) in the file. */
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

/** What one line of a log gives: nothing (blank), the file's header, or a record's sums. */
export type LineOutcome = { readonly kind: 'blank' } | { readonly kind: 'header'; readonly header: LogHeader } | ({ readonly kind: 'record' } & LineSums);

/**
 * Reads one line of a log file whose header is `header`, in a run of `classes` classes (when
 * known), and derives its record's sums with the shared core. `first` says whether it is the
 * file's first line, the only place a header may stand. A bad line throws a LossLensError naming
 * the field; nothing else is thrown for any bytes. Pure: the same for the run and for the
 * parallel reader's workers, so both report the very same figures and problems.
 */
export function readLogLine(line: Line, header: LogHeader, classes: number | undefined, first: boolean): LineOutcome {
  // A line that starts with `{` is not blank: no need to decode it to know.
  if (line.bytes?.[0] !== 0x7b && line.text.trim() === '') return { kind: 'blank' };
  // The fast path reads a plain record straight from its bytes; anything else is parsed as JSON.
  let record = line.bytes && scanRecord(line.bytes, header, classes);
  if (!record) {
    let value: unknown;
    try {
      value = parsePythonJson(line.text);
    } catch (error) {
      throw new LossLensError(`not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LossLensError('expected a JSON object (a record or the header)');
    const object = value as Record<string, unknown>;
    if (isHeader(object)) {
      if (!first) throw new LossLensError('a header must be the first line of its file', 'format');
      return { kind: 'header', header: parseHeader(object) };
    }
    record = parseRecord(object, header, classes);
  }
  const sums = recordSums(record, header.loss);
  const { split, step, task } = record;
  return { kind: 'record', split, step, task, classes: record.classes, sums, line: line.number, offset: line.offset, length: line.length };
}
