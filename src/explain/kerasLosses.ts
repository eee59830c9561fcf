import { classAxisNote, labelSmoothingNote, setFrom, written } from './argumentNotes';
import { formatNumber } from './callArguments';
import type { BoundCall, CatalogEntry, EntryDescription, InputKind, NoteWriter } from './explanation';
import type { FormulaId } from './formulas';
import * as relation from './relations';

/**
 * Keras's cross-entropies and KL (Keras 3; tf.keras 2.x computes the same). Unlike PyTorch they
 * take `(y_true, y_pred)` and, unless `from_logits=True`, probabilities that they clip to
 * [ε, 1 − ε] with ε = 1e-7 (`keras.backend.epsilon()`) before the log.
 */

/** `from_logits` as far as the call says: the default is False; a variable is taken as the default. */
function fromLogits(call: BoundCall): boolean {
  const value = call.get('from_logits');
  if (value?.kind === 'boolean') return value.value;
  if (value?.kind === 'number') return value.value !== 0;
  return false;
}

const inputOf = (call: BoundCall): InputKind => (fromLogits(call) ? 'logits' : 'probabilities');
const kindOf = (call: BoundCall): 'logits' | 'probs' => (fromLogits(call) ? 'logits' : 'probs');

/** What the clip does, for one `unit` (an example, or an element of binary cross-entropy). */
const clip = (unit: string): string => `clips them to [1e-7, 1 − 1e-7] before the log, so one ${unit} costs at most −log(1e-7) ≈ 16.1`;
const TRACED =
  'With the TensorFlow backend, a y_pred that comes straight from a Keras softmax or sigmoid activation is traced back to its logits and used unclipped.';

const FROM_LOGITS: NoteWriter = (value, name) => {
  if (value.kind !== 'boolean') {
    return `${setFrom(name, value)}: true means y_pred holds raw logits, false (the default) probabilities; this hover assumes probabilities.`;
  }
  return value.value
    ? `${written(name, value)}: y_pred holds **raw logits**; Keras applies the softmax (sigmoid for binary) itself, stably and without clipping.`
    : `${written(name, value)} (the default): y_pred must hold **probabilities**, which Keras clips to [1e-7, 1 − 1e-7] before the log. Raw logits here give a wrong loss, not an error.`;
};

const BINARY_SMOOTHING: NoteWriter = (value, name) => {
  if (value.kind !== 'number') return `${setFrom(name, value)}: with ε its value, y_true becomes y·(1 − ε) + ε/2, squeezed towards 0.5.`;
  if (value.value === 0) return `${written(name, value)}: no smoothing (the default).`;
  const eps = value.value;
  return `${written(name, value)}: y_true becomes y·${formatNumber(1 - eps)} + ${formatNumber(eps / 2)}, squeezed towards 0.5: a target 1 becomes ${formatNumber(1 - eps / 2)} and a 0 becomes ${formatNumber(eps / 2)}.`;
};

const MEAN_AXIS: NoteWriter = (value, name) =>
  value.kind === 'number'
    ? `${written(name, value)}: the axis over which the element losses are averaged into one loss per example (default −1).`
    : `${setFrom(name, value)}: the axis over which the element losses are averaged (default −1).`;

const IGNORE_CLASS: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: every class counts (the default).`;
  return (
    `${written(name, value)}: targets equal to ${value.kind === 'number' ? value.text : 'it'} give a loss of 0 and are left out of ` +
    `the divisor of 'sum_over_batch_size' — PyTorch's ignore_index, without a default.`
  );
};

const REDUCTION: NoteWriter = (value, name) => {
  const head = written(name, value);
  if (value.kind === 'none') return `${head}: no reduction — one loss per example.`;
  if (value.kind !== 'string') return `${setFrom(name, value)}: 'sum_over_batch_size' (the default), 'sum' or None.`;
  switch (value.value) {
    case 'sum_over_batch_size':
      return `${head} (the default): the per-example losses summed and divided by their number (the batch size); sample_weight scales the terms but is not in the divisor.`;
    case 'sum':
      return `${head}: adds up the per-example losses — the value and the gradient grow with the batch size.`;
    case 'none':
      return `${head}: no reduction — one loss per example.`;
    case 'mean':
      return `${head}: the same as 'sum_over_batch_size' (Keras 3.7 and later).`;
    case 'mean_with_sample_weight':
      return `${head}: divides by Σ sample_weight instead of the number of examples — a true weighted mean (Keras 3.7 and later).`;
    case 'auto':
      return `${head}: tf.keras 2.x's default, meaning 'sum_over_batch_size'; Keras 3 rejects it.`;
  }
  return `${head}: not a valid reduction — Keras raises ValueError.`;
};

const KERAS_NOTES = { from_logits: FROM_LOGITS, reduction: REDUCTION };

const TORCH_EQUIVALENT =
  "With `from_logits=True` it is PyTorch's `F.cross_entropy(logits, y_true)` with probability targets: both average over the examples by default.";

function categorical(sparse: boolean, perExample: boolean) {
  return (call: BoundCall): EntryDescription => {
    const logits = fromLogits(call);
    const formula: FormulaId = sparse
      ? logits ? 'sparseSoftmaxCrossEntropy' : 'kerasSparseCategoricalCrossentropy'
      : logits ? 'softmaxCrossEntropy' : 'kerasCategoricalCrossentropy';
    const target = sparse ? 'y_true: integer class indices, shape (N) or (N, 1).' : 'y_true: one-hot (or soft) targets of the same shape.';
    const how = logits
      ? 'y_pred: **raw logits** (no softmax in the last layer), shape (N, C); Keras applies the softmax itself.'
      : `y_pred: **probabilities** (a softmax output), shape (N, C). With from_logits=False, the default, Keras renormalises each row to sum 1 and ${clip('example')}. ${TRACED}`;
    return {
      formula,
      relatedFormulas: ['crossEntropyDecomposition'],
      framework: 'Keras',
      input: inputOf(call),
      expects: `${how} ${target}${perExample ? ' Returns one loss per example (no reduction).' : ''}`,
      relations: [
        relation.KERAS_ARGUMENT_ORDER,
        ...(logits ? [] : [relation.KERAS_PREFER_LOGITS]),
        ...(sparse ? [] : [TORCH_EQUIVALENT]),
        relation.CE_MINIMISES_KL,
      ],
      runFigure: 'loss',
      calculator: { task: 'multiclass', kind: kindOf(call) },
    };
  };
}

function binary(perExample: boolean) {
  return (call: BoundCall): EntryDescription => {
    const logits = fromLogits(call);
    const how = logits
      ? 'y_pred: **raw logits**, one per output; Keras applies the sigmoid itself, stably.'
      : `y_pred: **probabilities** (a sigmoid output); with from_logits=False, the default, Keras ${clip('element')}. ${TRACED}`;
    return {
      formula: logits ? 'kerasBinaryCrossentropyLogits' : 'kerasBinaryCrossentropy',
      framework: 'Keras',
      input: inputOf(call),
      expects: `${how} y_true: the same shape, in [0, 1]. The element losses are averaged over the last axis: one loss per example${perExample ? ', and no further reduction.' : '.'}`,
      relations: [
        relation.KERAS_ARGUMENT_ORDER,
        relation.BCE_PER_NEURON,
        ...(logits ? [] : [relation.KERAS_PREFER_LOGITS]),
        "Averaging over the last axis, then over the batch, gives PyTorch's BCE 'mean' over every element (apart from the clipping).",
      ],
      runFigure: 'loss',
      calculator: { task: 'multilabel', kind: kindOf(call) },
    };
  };
}

const klDivergence = (perExample: boolean) => (): EntryDescription => ({
  formula: 'kerasKlDivergence',
  relatedFormulas: ['crossEntropyDecomposition'],
  framework: 'Keras',
  input: 'probabilities',
  expects:
    'y_true and y_pred: both **probabilities** (not log-probabilities, not logits), same shape; both are clipped to [1e-7, 1] before Σ y_true·log(y_true / y_pred) over the last axis' +
    (perExample ? '. Returns one KL per example (no reduction).' : '; the default reduction averages the per-example KL over the batch, like PyTorch\'s \'batchmean\'.'),
  relations: [
    relation.KERAS_ARGUMENT_ORDER,
    "The arguments are in KL(p ‖ q)'s order, p = y_true first; PyTorch's `kl_div` takes log q first.",
    relation.KL_IS_CE_MINUS_ENTROPY,
  ],
  runFigure: 'kl',
  calculator: { task: 'multiclass', kind: 'probs' },
});

const CLASS_PARAMETERS = ['from_logits', 'label_smoothing', 'axis', 'reduction', 'name', 'dtype'];

export const KERAS_LOSSES: Readonly<Record<string, CatalogEntry>> = {
  'keras.losses.CategoricalCrossentropy': {
    subject: 'categorical cross-entropy (one-hot targets)',
    parameters: CLASS_PARAMETERS,
    describe: categorical(false, false),
    notes: { ...KERAS_NOTES, label_smoothing: labelSmoothingNote('Keras'), axis: classAxisNote },
  },
  'keras.losses.SparseCategoricalCrossentropy': {
    subject: 'categorical cross-entropy (integer targets)',
    // Keras 3.10 added `axis` before `name`; nobody passes either positionally.
    parameters: ['from_logits', 'ignore_class', 'reduction', 'axis', 'name', 'dtype'],
    describe: categorical(true, false),
    notes: { ...KERAS_NOTES, ignore_class: IGNORE_CLASS, axis: classAxisNote },
  },
  'keras.losses.BinaryCrossentropy': {
    subject: 'binary cross-entropy',
    parameters: CLASS_PARAMETERS,
    describe: binary(false),
    notes: { ...KERAS_NOTES, label_smoothing: BINARY_SMOOTHING, axis: MEAN_AXIS },
  },
  'keras.losses.KLDivergence': {
    subject: 'Kullback–Leibler divergence of probabilities',
    parameters: ['reduction', 'name', 'dtype'],
    describe: klDivergence(false),
    notes: { reduction: REDUCTION },
  },
  'keras.losses.categorical_crossentropy': {
    subject: 'categorical cross-entropy per example',
    parameters: ['y_true', 'y_pred', 'from_logits', 'label_smoothing', 'axis'],
    describe: categorical(false, true),
    notes: { from_logits: FROM_LOGITS, label_smoothing: labelSmoothingNote('Keras'), axis: classAxisNote },
  },
  'keras.losses.sparse_categorical_crossentropy': {
    subject: 'categorical cross-entropy per example (integer targets)',
    parameters: ['y_true', 'y_pred', 'from_logits', 'ignore_class', 'axis'],
    describe: categorical(true, true),
    notes: { from_logits: FROM_LOGITS, ignore_class: IGNORE_CLASS, axis: classAxisNote },
  },
  'keras.losses.binary_crossentropy': {
    subject: 'binary cross-entropy per example',
    parameters: ['y_true', 'y_pred', 'from_logits', 'label_smoothing', 'axis'],
    describe: binary(true),
    notes: { from_logits: FROM_LOGITS, label_smoothing: BINARY_SMOOTHING, axis: MEAN_AXIS },
  },
  'keras.losses.kl_divergence': {
    subject: 'Kullback–Leibler divergence per example',
    parameters: ['y_true', 'y_pred'],
    describe: klDivergence(true),
    notes: {},
  },
};
