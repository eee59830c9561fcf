import { className, formatCount, formatPercent, formatValue } from '../format';
import { shownClasses } from '../ranking';
import type { SplitSeries } from '../series';
import type { ChartView, LineSpec } from './types';

/** Helpers the chart kinds share: which split ranks classes, which classes show, summaries. */

/** The split that ranks classes and leads summaries: `train` when there is one, else the first. */
export function primarySplit(view: ChartView): SplitSeries | undefined {
  return view.run.splits.get('train') ?? view.run.splits.values().next().value;
}

/** The classes (multiclass) or neurons (multilabel) the per-class charts draw. */
export function shownIndices(view: ChartView, what: 'classes' | 'neurons'): number[] {
  const primary = primarySplit(view);
  if (!primary) return [];
  return what === 'classes' ? shownClasses(view.ui.pickedClasses, primary.classProb) : shownClasses(view.ui.pickedNeurons, primary.neuronBce.length ? primary.neuronBce : primary.classProb);
}

/**
 * The colour of the `position`-th shown class: by position rather than class index, so that the
 * few classes drawn (at most MAX_SHOWN) never share a colour, whichever they are.
 */
export function classColor(view: ChartView, position: number): string {
  return view.theme.palette[position % view.theme.palette.length];
}

/** One line per split of a scalar column. */
export function scalarLines(view: ChartView, make: (series: SplitSeries) => Omit<LineSpec, 'split'>): LineSpec[] {
  return [...view.run.splits.values()].map((series) => ({ ...make(series), split: series.split }));
}

/** One line per split and shown class, of a per-class column. */
export function perClassLines(view: ChartView, indices: readonly number[], columns: (series: SplitSeries) => number[][], idPrefix: string): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const series of view.run.splits.values()) {
    const data = columns(series);
    indices.forEach((c, position) => {
      if (!data[c]) return;
      const name = className(view.info.classNames, c);
      lines.push({ id: `${idPrefix}:${c}:${series.split}`, group: `${idPrefix}:${c}`, label: name, split: series.split, y: data[c], color: classColor(view, position), kind: 'line', smooth: true });
    });
  }
  return lines;
}

/**
 * "Latest: train step 1,999: loss 0.41, H(p) 0.35; val step 1,990: loss 0.52." — the figures a
 * sighted user reads off the right end of the chart.
 */
export function latestSummary(view: ChartView, title: string, figures: { name: string; column: (series: SplitSeries) => ArrayLike<number> | undefined; percent?: boolean }[]): string {
  const parts: string[] = [];
  for (const series of view.run.splits.values()) {
    if (series.length === 0) continue;
    const index = series.length - 1;
    const values = figures
      .map((f) => {
        const column = f.column(series);
        if (!column) return undefined;
        const value = column[index];
        return `${f.name} ${f.percent ? formatPercent(value) : formatValue(value)}`;
      })
      .filter((v): v is string => v !== undefined);
    parts.push(`${series.split} step ${formatCount(series.step[index])}: ${values.join(', ')}`);
  }
  const steps = view.run.stepCount;
  return parts.length ? `${title}, ${formatCount(steps)} steps. Latest ${parts.join('; ')}.` : `${title}: no steps yet.`;
}
