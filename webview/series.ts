import type { StepFigures, Task } from '../src/protocol';

/**
 * The run as the charts read it: one columnar store per split, each figure a plain array indexed
 * like `step` (kept sorted). Messages are applied in place, so a live run appending ten steps
 * costs ten pushes, not a re-derivation of everything seen so far. No DOM: unit-tested in node.
 */

/** The single-number figures kept per step; a figure a step lacks is NaN. */
export const SCALAR_FIGURES = [
  'loss',
  'nll',
  'entropy',
  'target_entropy',
  'kl',
  'accuracy',
  'true_class_prob',
  'logged_loss',
  'n',
  'nonfinite',
  'time',
  'epoch',
] as const;
export type ScalarFigure = (typeof SCALAR_FIGURES)[number];

/** Changes older than this many are forgotten; a cache that far behind starts over. */
const CHANGE_LOG_LENGTH = 64;

/**
 * A number from a message. VS Code serialises host messages as JSON, where NaN and ±Infinity
 * arrive as `null`: a missing or null figure reads as NaN, which the charts draw as a gap.
 */
function figure(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

export class SplitSeries {
  readonly step: number[] = [];
  readonly scalars = Object.fromEntries(SCALAR_FIGURES.map((name) => [name, [] as number[]])) as Record<ScalarFigure, number[]>;
  /** Per step, 1 when the logged loss differs from the recomputed one. */
  readonly mismatch: number[] = [];
  /** `classProb[c][i]`: class c's mean predicted probability at step index i. */
  readonly classProb: number[][] = [];
  /** `neuronBce[c][i]`: neuron c's mean BCE at step index i (multilabel). */
  readonly neuronBce: number[][] = [];
  /**
   * Running counts, kept on every upsert so that a frame can ask "any mismatch? any NaN step? any
   * logged loss? time everywhere?" without scanning a million steps.
   */
  readonly counts = { mismatch: 0, nonfinite: 0, logged: 0, missingTime: 0 };
  /** Bumped on every change; caches remember the version they were computed at. */
  version = 0;
  private readonly changes: { version: number; index: number }[] = [];

  constructor(readonly split: string) {}

  get length(): number {
    return this.step.length;
  }

  /** Index of `step`, or −1. */
  indexOf(step: number): number {
    const i = lowerBound(this.step, step);
    return this.step[i] === step ? i : -1;
  }

  /** Index of the step nearest to `step` (−1 when empty). */
  nearestIndex(step: number): number {
    if (this.length === 0) return -1;
    const i = lowerBound(this.step, step);
    if (i >= this.length) return this.length - 1;
    if (i === 0) return 0;
    return step - this.step[i - 1] <= this.step[i] - step ? i - 1 : i;
  }

  /**
   * The lowest index changed after `version` (the length when nothing changed), so a cache can
   * extend itself instead of starting over; 0 when the change log no longer reaches that far.
   */
  changedSince(version: number): number {
    if (version >= this.version) return this.length;
    if (this.changes.length === 0 || this.changes[0].version > version + 1) return 0;
    let lowest = this.length;
    for (const change of this.changes) if (change.version > version) lowest = Math.min(lowest, change.index);
    return lowest;
  }

  /** Adds a step, or replaces it when the host re-sends it with more of its records merged in. */
  upsert(figures: StepFigures): void {
    const at = lowerBound(this.step, figures.step);
    const replace = this.step[at] === figures.step;
    if (replace) this.count(at, -1);
    const set = (column: number[], value: number): void => {
      if (replace) column[at] = value;
      else if (at === column.length) column.push(value);
      else column.splice(at, 0, value);
    };
    set(this.step, figures.step);
    for (const name of SCALAR_FIGURES) set(this.scalars[name], figure(figures[name]));
    set(this.mismatch, figures.loss_mismatch ? 1 : 0);
    this.setPerClass(this.classProb, figures.class_prob, set, replace);
    this.setPerClass(this.neuronBce, figures.neuron_bce, set, replace);
    this.count(at, 1);
    this.version++;
    this.changes.push({ version: this.version, index: at });
    if (this.changes.length > CHANGE_LOG_LENGTH) this.changes.shift();
  }

  private count(i: number, sign: 1 | -1): void {
    const { scalars, counts } = this;
    counts.mismatch += sign * (this.mismatch[i] ? 1 : 0);
    counts.nonfinite += sign * (scalars.nonfinite[i] > 0 ? 1 : 0);
    counts.logged += sign * (Number.isFinite(scalars.logged_loss[i]) ? 1 : 0);
    counts.missingTime += sign * (Number.isFinite(scalars.time[i]) ? 0 : 1);
  }

  private setPerClass(columns: number[][], values: unknown, set: (column: number[], value: number) => void, replace: boolean): void {
    const given = Array.isArray(values) ? values : [];
    // A class first seen now has no value at the steps before it: NaN, drawn as nothing.
    const before = replace ? this.length : this.length - 1;
    while (columns.length < given.length) columns.push(new Array<number>(before).fill(NaN));
    for (let c = 0; c < columns.length; c++) set(columns[c], figure(given[c]));
  }
}

/** All splits of a run, in the order they first appeared. */
export class RunSeries {
  readonly splits = new Map<string, SplitSeries>();
  /** The task of the first step seen (a run mixes none in practice). */
  task: Task | undefined;

  /** Applies steps from a snapshot or an increment; returns the splits that changed. */
  apply(steps: readonly StepFigures[]): Set<string> {
    const changed = new Set<string>();
    for (const figures of steps) {
      if (typeof figures?.step !== 'number' || typeof figures.split !== 'string') continue;
      this.task ??= figures.task;
      let series = this.splits.get(figures.split);
      if (!series) this.splits.set(figures.split, (series = new SplitSeries(figures.split)));
      series.upsert(figures);
      changed.add(figures.split);
    }
    return changed;
  }

  clear(): void {
    this.splits.clear();
    this.task = undefined;
  }

  get stepCount(): number {
    let count = 0;
    for (const series of this.splits.values()) count += series.length;
    return count;
  }

  /** The widest per-class column count over the splits (C). */
  get classCount(): number {
    let count = 0;
    for (const series of this.splits.values()) count = Math.max(count, series.classProb.length);
    return count;
  }

  /** True when every step of every split carries a wall-clock time. */
  get hasTime(): boolean {
    if (this.splits.size === 0) return false;
    for (const series of this.splits.values()) if (series.counts.missingTime > 0) return false;
    return true;
  }

  /** Steps with non-finite outputs, per split, in step order. */
  nonfiniteSteps(): { split: string; step: number }[] {
    const out: { split: string; step: number }[] = [];
    for (const series of this.splits.values()) {
      if (series.counts.nonfinite === 0) continue;
      const counts = series.scalars.nonfinite;
      for (let i = 0; i < series.length; i++) if (counts[i] > 0) out.push({ split: series.split, step: series.step[i] });
    }
    return out.sort((a, b) => a.step - b.step);
  }

  /** Steps whose logged loss differs from the recomputed one, over all splits. */
  mismatchCount(): { count: number; first?: number } {
    let count = 0;
    let first: number | undefined;
    for (const series of this.splits.values()) {
      if (series.counts.mismatch === 0) continue;
      series.mismatch.forEach((flag, i) => {
        if (!flag) return;
        count++;
        if (first === undefined || series.step[i] < first) first = series.step[i];
      });
    }
    return { count, first };
  }
}

/** First index whose value is ≥ `value` in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
