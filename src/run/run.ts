import { LossLensError } from '../core';
import type { Line } from '../log/lines';
import { parsePythonJson } from '../log/pythonJson';
import { DEFAULT_HEADER, isHeader, parseHeader, parseRecord, type LogHeader, type LogRecord, type Task } from '../log/record';
import { scanRecord } from '../log/recordScanner';
import { recordSums } from './recordSums';
import { addSums, emptySums, type StepSums } from './stepSums';
import { summarize, type StepSummary } from './summary';

/** A line that could not be used: where, which field, and why. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly field?: string;
  readonly message: string;
}

/** Where a record sits on disk, to read one step back for drill-down. */
export interface RecordLocation {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

/** Problems kept in memory; beyond this only their count grows (a wrong file can have millions). */
const MAX_PROBLEMS = 1000;

interface FileState {
  header: LogHeader;
  /** A header may only stand first: set once any line has been read. */
  started: boolean;
  readonly steps: Map<string, StepSums>;
  readonly locations: Map<string, RecordLocation[]>;
}

/**
 * A training run: the per-step figures derived from one or more log files (one per run, or one
 * per rank of a distributed job, whose records of the same step and split merge). Holds sums per
 * step, never raw outputs, so memory grows with steps × classes, not with the files.
 */
export class Run {
  private readonly files = new Map<string, FileState>();
  private readonly merged = new Map<string, StepSummary>();
  private readonly changed = new Set<string>();
  private problemList: Problem[] = [];
  /** Problems met per file, including those past the first 1000 that are not kept. */
  private readonly problemTotals = new Map<string, number>();
  private shape: { task: Task; classes: number; names?: readonly string[] } | undefined;

  /** The run's task and classes, once known (from the first header or record). */
  get task(): Task | undefined {
    return this.shape?.task;
  }

  get classNames(): readonly string[] {
    if (!this.shape) return [];
    return this.shape.names ?? Array.from({ length: this.shape.classes }, (_, c) => String(c));
  }

  get problems(): readonly Problem[] {
    return this.problemList;
  }

  /** All problems met, including those past the first 1000 that are not kept. */
  get problemCount(): number {
    let total = 0;
    for (const count of this.problemTotals.values()) total += count;
    return total;
  }

  /** Takes one line of `file`. Bad lines become problems; they never throw. */
  ingest(file: string, line: Line): void {
    // A line that starts with `{` is not blank: no need to decode it to know.
    if (line.bytes?.[0] !== 0x7b && line.text.trim() === '') return;
    const state = this.fileState(file);
    const first = !state.started;
    state.started = true;
    try {
      // The fast path reads a plain record straight from its bytes; anything else is parsed as JSON.
      const record = (line.bytes && scanRecord(line.bytes, state.header, this.shape?.classes)) || this.parseLine(line.text, state, first);
      if (!record) return; // the header
      this.agree(record.task, record.classes, undefined);
      const sums = recordSums(record, state.header.loss);
      const key = stepKey(record.split, record.step);
      const existing = state.steps.get(key);
      if (existing) addSums(existing, sums);
      else state.steps.set(key, sums);
      const location: RecordLocation = { file, line: line.number, offset: line.offset, length: line.length };
      const locations = state.locations.get(key);
      if (locations) locations.push(location);
      else state.locations.set(key, [location]);
      this.changed.add(key);
    } catch (error) {
      if (!(error instanceof LossLensError)) throw error;
      this.report({ file, line: line.number, field: error.field, message: error.message });
    }
  }

  /** Parses a line as JSON: a record, or the header (recorded, and then undefined). */
  private parseLine(text: string, state: FileState, first: boolean): LogRecord | undefined {
    let value: unknown;
    try {
      value = parsePythonJson(text);
    } catch (error) {
      throw new LossLensError(`not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LossLensError('expected a JSON object (a record or the header)');
    const object = value as Record<string, unknown>;
    if (isHeader(object)) {
      if (!first) throw new LossLensError('a header must be the first line of its file', 'format');
      const header = parseHeader(object);
      this.agree(header.task, header.classes?.length, header.classes);
      state.header = header;
      return undefined;
    }
    return parseRecord(object, state.header, this.shape?.classes);
  }

  /** Forgets what `file` contributed: it was truncated, replaced or deleted and is read again. */
  restart(file: string): void {
    const state = this.files.get(file);
    if (!state) return;
    for (const key of state.steps.keys()) this.changed.add(key);
    this.files.delete(file);
    this.problemList = this.problemList.filter((problem) => problem.file !== file);
    this.problemTotals.delete(file);
    if (this.files.size === 0) this.shape = undefined;
  }

  /** Every step, merged over files, ordered by split then step. */
  steps(): StepSummary[] {
    this.takeChanged();
    return [...this.merged.values()].sort((a, b) => (a.split === b.split ? a.step - b.step : a.split < b.split ? -1 : 1));
  }

  /** The steps added or changed since the last call (removed ones are gone from `steps()`). */
  takeChanged(): StepSummary[] {
    const out: StepSummary[] = [];
    for (const key of this.changed) {
      const summary = this.mergeKey(key);
      if (summary) {
        this.merged.set(key, summary);
        out.push(summary);
      } else {
        this.merged.delete(key);
      }
    }
    this.changed.clear();
    return out.sort((a, b) => a.step - b.step);
  }

  /** The header a file declared (or the defaults), to read its records back. */
  headerOf(file: string): LogHeader {
    return this.files.get(file)?.header ?? DEFAULT_HEADER;
  }

  /** Where the records of a step are, to read them back. */
  locate(split: string, step: number): RecordLocation[] {
    const key = stepKey(split, step);
    return [...this.files.values()].flatMap((state) => state.locations.get(key) ?? []);
  }

  private mergeKey(key: string): StepSummary | undefined {
    let total: StepSums | undefined;
    for (const state of this.files.values()) {
      const sums = state.steps.get(key);
      if (!sums) continue;
      if (!total) total = emptySums(sums.task, sums.classes);
      addSums(total, sums);
    }
    if (!total) return undefined;
    const [split, step] = splitKey(key);
    return summarize(step, split, total);
  }

  /** Every file of a run must agree on the task and the classes: that is what lets steps merge. */
  private agree(task: Task, classes: number | undefined, names: readonly string[] | undefined): void {
    if (!this.shape) {
      if (classes !== undefined) this.shape = { task, classes, names };
      return;
    }
    if (task !== this.shape.task) throw new LossLensError(`this run is ${this.shape.task}, but this line says ${task}`, 'task');
    if (classes !== undefined && classes !== this.shape.classes) {
      throw new LossLensError(`has ${classes} classes, but this run has ${this.shape.classes}`, 'classes');
    }
    if (names && !this.shape.names) this.shape.names = names;
  }

  private fileState(file: string): FileState {
    let state = this.files.get(file);
    if (!state) {
      state = { header: DEFAULT_HEADER, started: false, steps: new Map(), locations: new Map() };
      this.files.set(file, state);
    }
    return state;
  }

  private report(problem: Problem): void {
    this.problemTotals.set(problem.file, (this.problemTotals.get(problem.file) ?? 0) + 1);
    if (this.problemList.length < MAX_PROBLEMS) this.problemList.push(problem);
  }
}

function stepKey(split: string, step: number): string {
  return `${split}\u0000${step}`;
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('\u0000');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

/** A problem as a person reads it: `file:line: field: message`. */
export function describeProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}
