import type { ExampleDetail } from '../src/protocol';
import { className } from './format';

/**
 * One example of a step, class by class, as the step inspector shows it: predicted probability,
 * target, and the class's term of the loss with its share. With hundreds of classes only the ones
 * that matter are kept: the largest predictions, targets and loss terms, the target class always.
 * No DOM: unit-tested in node.
 */
export interface ExampleRow {
  index: number;
  name: string;
  predicted: number;
  target: number;
  term: number;
  /** term / loss (NaN when the loss is 0 or not finite). */
  share: number;
}

export interface ExampleRows {
  /** The kept classes, in class order (the bar chart's order). */
  rows: ExampleRow[];
  /** Classes in the example (C). */
  total: number;
  /** Σ terms over all classes: equal to `loss` up to rounding. */
  termSum: number;
}

/** Bars and table rows kept for a wide head. */
export const EXAMPLE_CLASSES = 20;

export function exampleRows(example: ExampleDetail, names: readonly string[], limit = EXAMPLE_CLASSES): ExampleRows {
  const total = Math.max(example.predicted.length, example.target.length, example.terms.length);
  const value = (values: readonly number[], i: number): number => (typeof values[i] === 'number' ? values[i] : NaN);
  const loss = example.loss;
  let termSum = 0;
  const all: ExampleRow[] = [];
  for (let i = 0; i < total; i++) {
    const term = value(example.terms, i);
    termSum += term;
    all.push({ index: i, name: className(names, i), predicted: value(example.predicted, i), target: value(example.target, i), term, share: Number.isFinite(loss) && loss !== 0 ? term / loss : NaN });
  }
  if (total <= limit) return { rows: all, total, termSum };
  // A class matters by whichever is largest of its prediction, its target and its share of the loss.
  const score = (row: ExampleRow): number => {
    const s = Math.max(row.predicted, row.target, Math.abs(row.share));
    return Number.isNaN(s) ? Infinity : s;
  };
  const kept = new Set(
    [...all]
      .sort((a, b) => score(b) - score(a) || a.index - b.index)
      .slice(0, limit)
      .map((row) => row.index),
  );
  if (example.targetClass !== undefined && example.targetClass >= 0 && example.targetClass < total && !kept.has(example.targetClass)) {
    kept.delete([...kept].pop() as number);
    kept.add(example.targetClass);
  }
  return { rows: all.filter((row) => kept.has(row.index)), total, termSum };
}

/** The table's order: largest share of the loss first. */
export function byTerm(rows: readonly ExampleRow[]): ExampleRow[] {
  return [...rows].sort((a, b) => (Number.isNaN(b.term) ? Infinity : b.term) - (Number.isNaN(a.term) ? Infinity : a.term) || a.index - b.index);
}
