import { latestSummary, scalarLines } from './common';
import { loggedLossLines, lossNotes } from './decomposition';
import type { ChartKind, ChartView, LineSpec } from './types';

/** Multilabel: the BCE averaged over every neuron and example, and the logged loss against it. */
export const totalBce: ChartKind = {
  key: 'total-bce',
  title: 'Binary cross-entropy',
  description: 'The loss recomputed from the logged outputs (BCE with logits, mean over examples and neurons), with the loss the training code logged as points.',
  logAllowed: true,
  lines: (view: ChartView): LineSpec[] => [
    ...scalarLines(view, (s) => ({ id: `loss:${s.split}`, group: 'loss', label: 'BCE', y: s.scalars.loss, color: view.theme.blue, kind: 'line', smooth: true })),
    ...loggedLossLines(view),
  ],
  notes: lossNotes,
  summary: (view) =>
    latestSummary(view, 'Binary cross-entropy', [
      { name: 'BCE', column: (s) => s.scalars.loss },
      { name: 'logged loss', column: (s) => s.scalars.logged_loss },
    ]),
};
