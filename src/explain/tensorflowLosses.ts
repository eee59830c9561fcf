import { classAxisNote } from './argumentNotes';
import type { CatalogEntry } from './explanation';
import * as relation from './relations';

/**
 * TensorFlow's low-level cross-entropies in `tf.nn`: logits in, one loss per example (or element)
 * out, no reduction and no clipping. Keras's losses call them when `from_logits=True`.
 */
export const TENSORFLOW_LOSSES: Readonly<Record<string, CatalogEntry>> = {
  'tensorflow.nn.softmax_cross_entropy_with_logits': {
    subject: 'softmax cross-entropy per example',
    // TensorFlow 2's order; pass them by keyword, as TensorFlow's own code does.
    parameters: ['labels', 'logits', 'axis', 'name'],
    describe: () => ({
      formula: 'softmaxCrossEntropy',
      relatedFormulas: ['crossEntropyDecomposition'],
      framework: 'TensorFlow',
      input: 'logits',
      expects:
        '`logits`: **raw logits** (unnormalised scores); it applies the softmax itself. `labels`: a probability distribution per row (one-hot or soft), the same shape. ' +
        'Returns one loss per example (the shape without the class axis).',
      relations: [
        relation.NO_REDUCTION,
        'Labels come first in TensorFlow 2 (`labels, logits`); for integer labels use `tf.nn.sparse_softmax_cross_entropy_with_logits`.',
        "`keras.losses.CategoricalCrossentropy(from_logits=True)` is this followed by the mean over the batch; PyTorch's is `F.cross_entropy(logits, labels)` with probability targets.",
        relation.CE_MINIMISES_KL,
      ],
      runFigure: 'loss',
      calculator: { task: 'multiclass', kind: 'logits' },
    }),
    notes: { axis: classAxisNote },
  },
  'tensorflow.nn.sigmoid_cross_entropy_with_logits': {
    subject: 'sigmoid cross-entropy per element',
    parameters: ['labels', 'logits', 'name'],
    describe: () => ({
      formula: 'bceWithLogitsStable',
      framework: 'TensorFlow',
      input: 'logits',
      expects:
        '`logits`: **raw logits**, one per output; it applies the sigmoid itself, in the stable form shown. `labels`: the same shape, in [0, 1]. ' +
        'Returns one loss per element, the logits\' shape.',
      relations: [...relation.SIGMOID_CE_PER_ELEMENT],
      runFigure: 'loss',
      calculator: { task: 'multilabel', kind: 'logits' },
    }),
    notes: {},
  },
};
