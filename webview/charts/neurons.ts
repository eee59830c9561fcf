import { latestFinite } from '../chartData';
import { className, formatValue } from '../format';
import type { SplitSeries } from '../series';
import { latestSummary, perClassLines, primarySplit, shownIndices } from './common';
import type { ChartKind, ChartView, LineSpec } from './types';

/**
 * Multilabel, per neuron: each neuron's mean BCE (which outputs the loss comes from) and its mean
 * sigmoid (what it predicts), for the few worst neurons or the user's pick.
 */

function neuronSummary(view: ChartView, title: string, column: (s: SplitSeries) => number[][]): string {
  const base = latestSummary(view, title, []);
  const primary = primarySplit(view);
  if (!primary) return base;
  const shown = shownIndices(view, 'neurons').map((c) => `${className(view.info.classNames, c)} ${formatValue(latestFinite(column(primary)[c] ?? [])?.value)}`);
  return `${base} Shown neurons (${primary.split}): ${shown.join(', ')}.`;
}

export const neuronBce: ChartKind = {
  key: 'neuron-bce',
  title: 'BCE per neuron',
  description: 'Each output neuron’s mean binary cross-entropy: which labels the loss comes from.',
  yMin: 0,
  logAllowed: true,
  lines: (view: ChartView): LineSpec[] => perClassLines(view, shownIndices(view, 'neurons'), (s) => s.neuronBce, 'neuron'),
  summary: (view) => neuronSummary(view, 'BCE per neuron', (s) => s.neuronBce),
};

export const sigmoid: ChartKind = {
  key: 'sigmoid',
  title: 'Mean sigmoid per neuron',
  description: 'The mean predicted probability of each label: how often the model says “yes”.',
  yMin: 0,
  yMax: 1,
  logAllowed: true,
  lines: (view: ChartView): LineSpec[] => perClassLines(view, shownIndices(view, 'neurons'), (s) => s.classProb, 'neuron'),
  summary: (view) => neuronSummary(view, 'Mean sigmoid per neuron', (s) => s.classProb),
};
