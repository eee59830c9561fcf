import { className, formatValue } from '../format';
import { latestFinite } from '../chartData';
import { latestSummary, perClassLines, primarySplit, scalarLines, shownIndices } from './common';
import type { ChartKind, ChartView, LineSpec } from './types';

/**
 * Multiclass: the mean predicted probability of each class, one line per class (the few largest,
 * or the user's pick), and the mean probability given to the target class as a thicker line.
 */
export const classProb: ChartKind = {
  key: 'class-prob',
  title: 'Mean predicted probability per class',
  description: 'How much probability the model puts on each class on average; the thick line is the probability it gives the right class.',
  yMin: 0,
  logAllowed: true,
  lines(view: ChartView): LineSpec[] {
    return [
      ...scalarLines(view, (s) => ({ id: `target:${s.split}`, group: 'p(target)', label: 'p(target)', y: s.scalars.true_class_prob, color: view.theme.foreground, kind: 'thick', smooth: true })),
      ...perClassLines(view, shownIndices(view, 'classes'), (s) => s.classProb, 'class'),
    ];
  },
  summary(view) {
    const base = latestSummary(view, 'Mean predicted probability per class', [{ name: 'p(target class)', column: (s) => s.scalars.true_class_prob }]);
    const primary = primarySplit(view);
    if (!primary) return base;
    const classes = shownIndices(view, 'classes').map((c) => `${className(view.info.classNames, c)} ${formatValue(latestFinite(primary.classProb[c] ?? [])?.value)}`);
    return `${base} Shown classes (${primary.split}): ${classes.join(', ')}.`;
  },
};
