import { setFrom, written } from './argumentNotes';
import type { CatalogEntry, NoteWriter } from './explanation';
import * as relation from './relations';

const NORMALIZE: NoteWriter = (value, name) => {
  if (value.kind !== 'boolean') return `${setFrom(name, value)}: true gives the (weighted) mean, false the sum.`;
  return value.value
    ? `${written(name, value)} (the default): the mean loss per sample (weighted by sample_weight when given).`
    : `${written(name, value)}: the sum of the per-sample losses (weighted by sample_weight when given), not their mean.`;
};

/** scikit-learn's `metrics.log_loss`: a metric on `predict_proba` output, the mean cross-entropy. */
export const SKLEARN_LOSSES: Readonly<Record<string, CatalogEntry>> = {
  'sklearn.metrics.log_loss': {
    subject: 'log loss (cross-entropy of predicted probabilities)',
    // Everything after y_pred is keyword-only.
    parameters: ['y_true', 'y_pred'],
    describe: () => ({
      formula: 'logLoss',
      framework: 'scikit-learn',
      input: 'probabilities',
      expects:
        '`y_pred`: **probabilities**, as returned by `predict_proba` — shape (n_samples, n_classes) with columns in sorted label order, or (n_samples,) for the positive class of a binary problem. Not logits. ' +
        'They are clipped to [ε, 1 − ε] with ε the machine epsilon of their dtype (2.2e-16 for float64). scikit-learn 1.5 and later warns when rows do not sum to 1 and uses them as they are; earlier versions renormalised each row.',
      relations: [
        relation.LOG_LOSS_IS_NLL,
        'With 0/1 labels and one column it is the binary cross-entropy: −(y·log p + (1 − y)·log(1 − p)), averaged.',
        relation.CE_MINIMISES_KL,
      ],
      runFigure: 'nll',
      calculator: { task: 'multiclass', kind: 'probs' },
    }),
    notes: {
      normalize: NORMALIZE,
      sample_weight: (value, name) =>
        value.kind === 'none'
          ? `${written(name, value)}: every sample weighs 1 (the default).`
          : `${written(name, value)}: a weighted mean, Σ s_n·ℓ_n / Σ s_n (a weighted sum with normalize=False).`,
      labels: (value, name) =>
        value.kind === 'none'
          ? undefined
          : `${written(name, value)}: every class (y_pred's columns follow their sorted order); needed when y_true does not contain every class.`,
      eps: (value, name) =>
        `${written(name, value)}: deprecated in scikit-learn 1.3 and removed in 1.5 (a TypeError there); before, predictions were clipped to [eps, 1 − eps].`,
    },
  },
};
