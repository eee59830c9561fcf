import { latestSummary, scalarLines } from './common';
import type { ChartKind, ChartView, LineSpec } from './types';

/** Both tasks: the share of right predictions (multilabel: of elements on the right side of 0.5). */
export const accuracy: ChartKind = {
  key: 'accuracy',
  title: 'Accuracy',
  description: 'Share of examples whose most probable class is the target (multilabel: share of outputs on the right side of 0.5).',
  yMin: 0,
  yMax: 1,
  percent: true,
  logAllowed: false,
  lines: (view: ChartView): LineSpec[] =>
    scalarLines(view, (s) => ({ id: `accuracy:${s.split}`, group: 'accuracy', label: 'accuracy', y: s.scalars.accuracy, color: view.theme.green, kind: 'line', smooth: true })),
  summary: (view) => latestSummary(view, 'Accuracy', [{ name: 'accuracy', column: (s) => s.scalars.accuracy, percent: true }]),
};
