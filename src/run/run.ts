import { LossLensError } from '../core';
import type { Line } from '../log/lines';
import { DEFAULT_HEADER, type LogHeader, type Task } from '../log/record';
import { readLogLine, type LineSums } from './logLine';
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
    const state = this.fileState(file);
    const first = !state.started;
    state.started = true;
    try {
      const outcome = readLogLine(line, state.header, this.shape?.classes, first);
      if (outcome.kind === 'header') {
        this.agree(outcome.header.task, outcome.header.classes?.length, outcome.header.classes);
        state.header = outcome.header;
      } else if (outcome.kind === 'record') {
        this.add(file, state, outcome);
      } else if (first) {
        state.started = false; // blank lines before the header do not count
      }
    } catch (error) {
      if (!(error instanceof LossLensError)) throw error;
      this.report({ file, line: line.number, field: error.field, message: error.message });
    }
  }

  /**
   * What the lines of `file` after its first need to be read elsewhere (by the parallel reader)
   * exactly as `ingest` would: the file's header and the run's classes, or undefined while they
   * are not known yet (before the file's first line, or before any record or header named them).
   */
  lineContext(file: string): { header: LogHeader; classes: number } | undefined {
    const state = this.files.get(file);
    if (!state?.started || !this.shape) return undefined;
    return { header: state.header, classes: this.shape.classes };
  }

  /** Takes the sums of a record line of `file` read elsewhere (from `readLogLine`), in file order. */
  addLineSums(file: string, sums: LineSums): void {
    try {
      this.add(file, this.fileState(file), sums);
    } catch (error) {
      if (!(error instanceof LossLensError)) throw error;
      this.report({ file, line: sums.line, field: error.field, message: error.message });
    }
  }

  /** Records a bad line of `file` found elsewhere. */
  addProblem(problem: Problem): void {
    this.report(problem);
  }

  private add(file: string, state: FileState, line: LineSums): void {
    this.agree(line.task, line.classes, undefined);
    const key = stepKey(line.split, line.step);
    const existing = state.steps.get(key);
    if (existing) addSums(existing, line.sums);
    else state.steps.set(key, line.sums);
    const location: RecordLocation = { file, line: line.line, offset: line.offset, length: line.length };
    const locations = state.locations.get(key);
    if (locations) locations.push(location);
    else state.locations.set(key, [location]);
    this.changed.add(key);
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
      const summary = this.summaryOf(key);
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

  private mergeKey(key: string): StepSums | undefined {
    let only: StepSums | undefined; // a step of a single file needs no merged copy
    let total: StepSums | undefined;
    for (const state of this.files.values()) {
      const sums = state.steps.get(key);
      if (!sums) continue;
      if (!only) {
        only = sums;
        continue;
      }
      if (!total) {
        total = emptySums(only.task, only.classes);
        addSums(total, only);
      }
      addSums(total, sums);
    }
    return total ?? only;
  }

  private summaryOf(key: string): StepSummary | undefined {
    const total = this.mergeKey(key);
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
