import { classAxisNote, always } from './argumentNotes';
import type { CatalogEntry } from './explanation';
import * as relation from './relations';

/** optax's cross-entropies: logits first, labels second, one loss per example, no reduction. */
export const OPTAX_LOSSES: Readonly<Record<string, CatalogEntry>> = {
  'optax.softmax_cross_entropy': {
    subject: 'softmax cross-entropy per example',
    parameters: ['logits', 'labels', 'axis', 'where'],
    describe: () => ({
      formula: 'softmaxCrossEntropy',
      relatedFormulas: ['crossEntropyDecomposition'],
      framework: 'optax',
      input: 'logits',
      expects:
        '`logits`: **raw logits**; it applies log_softmax itself. `labels`: a probability distribution per row (one-hot or soft), the same shape — not integer labels. ' +
        'Returns one loss per example, shape [batch]: no reduction.',
      relations: [relation.NO_REDUCTION, relation.OPTAX_INTEGER_LABELS, relation.CE_MINIMISES_KL, relation.LOGISTIC_REGRESSION],
      runFigure: 'loss',
      calculator: { task: 'multiclass', kind: 'logits' },
    }),
    notes: {
      axis: classAxisNote,
      where: always('only the elements where it is true enter the log_softmax and the sum (optax 0.2.4 and later).'),
    },
  },
  'optax.sigmoid_binary_cross_entropy': {
    subject: 'sigmoid binary cross-entropy per element',
    parameters: ['logits', 'labels'],
    describe: () => ({
      formula: 'sigmoidCrossEntropy',
      relatedFormulas: ['logSigmoid'],
      framework: 'optax',
      input: 'logits',
      expects:
        '`logits`: **raw logits**, one per binary prediction; `labels`: the same shape, in [0, 1] (0/1 labels or probabilities). ' +
        'Computed with log_sigmoid, so it is stable. Returns one loss per element, the logits\' shape: no reduction.',
      relations: [...relation.SIGMOID_CE_PER_ELEMENT],
      runFigure: 'loss',
      calculator: { task: 'multilabel', kind: 'logits' },
    }),
    notes: {},
  },
};
