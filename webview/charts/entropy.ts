import { latestSummary, scalarLines } from './common';
import type { ChartKind, ChartView, LineSpec } from './types';

/**
 * Multiclass: the mean entropy H(q) of the predictions, against the targets' H(p): predictions
 * far below the targets' entropy are over-confident, far above it undecided.
 */
export const entropy: ChartKind = {
  key: 'entropy',
  title: 'Prediction entropy H(q)',
  description: 'How spread out the predictions are (0 = certain). Below the target entropy H(p) the model is more confident than the labels.',
  yMin: 0,
  logAllowed: true,
  lines(view: ChartView): LineSpec[] {
    return [
      ...scalarLines(view, (s) => ({ id: `entropy:${s.split}`, group: 'H(q)', label: 'H(q)', y: s.scalars.entropy, color: view.theme.purple, kind: 'line', smooth: true })),
      ...scalarLines(view, (s) => ({ id: `target:${s.split}`, group: 'H(p)', label: 'H(p)', y: s.scalars.target_entropy, color: view.theme.green, kind: 'line', smooth: true })),
    ];
  },
  summary: (view) =>
    latestSummary(view, 'Prediction entropy', [
      { name: 'H(q)', column: (s) => s.scalars.entropy },
      { name: 'H(p)', column: (s) => s.scalars.target_entropy },
    ]),
};
