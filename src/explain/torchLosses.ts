import { legacyReductionNote, labelSmoothingNote, setFrom, torchReductionNote, written } from './argumentNotes';
import type { BoundCall, CatalogEntry, EntryDescription, NoteWriter } from './explanation';
import * as relation from './relations';

/**
 * PyTorch's losses (1.13 and 2.x), each as the function in `torch.nn.functional` and the module
 * class in `torch.nn`. They share everything but the parameter list: a module's constructor has
 * no input or target, the hover passes the constructor's arguments.
 */

const CLASS_WEIGHT: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: every class weighs 1 (the default).`;
  return (
    `${written(name, value)}: a rescaling weight per class (a tensor of C floats). Example n counts w[y_n] times and ` +
    `'mean' divides by Σ w[y_n] over the counted targets — a weighted average, so scaling every weight by one factor changes nothing. ` +
    `With probability targets ℓ_n = −Σ_c w_c·p_c·log q_c and 'mean' divides by N instead.`
  );
};

const IGNORE_INDEX: NoteWriter = (value, name) => {
  if (value.kind !== 'number') return `${setFrom(name, value)}: targets equal to it are skipped.`;
  const which = value.value === -100 ? ' (the default)' : '';
  return (
    `${written(name, value)}${which}: targets equal to ${value.text} contribute 0 and are left out of the 'mean' divisor ` +
    `(and of the label-smoothing term); if every target is ignored, 'mean' is NaN. Only class-index targets can be ignored.`
  );
};

const ELEMENT_WEIGHT: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: every element weighs 1 (the default).`;
  return (
    `${written(name, value)}: a rescaling weight broadcast to the input's shape — shape (C) gives one weight per output neuron. ` +
    `It scales the terms; 'mean' still divides by the number of elements, so it changes the loss's scale.`
  );
};

const POS_WEIGHT: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: positives and negatives weigh the same (the default).`;
  return (
    `${written(name, value)}: multiplies the positive term of each output neuron, p_c·y·log σ(x), and leaves the negative term alone. ` +
    `Set to n_negative / n_positive per class to balance a rare label (3 makes each positive count like 3 negatives). ` +
    `A tensor broadcast along the last (class) dimension, e.g. \`torch.tensor([3.0])\`; it does not enter the 'mean' divisor.`
  );
};

const LOG_TARGET: NoteWriter = (value, name) => {
  if (value.kind !== 'boolean') return `${setFrom(name, value)}: when true, the target holds log p instead of p.`;
  return value.value
    ? `${written(name, value)}: the target holds **log p**; each term is e^t·(t − x) = p·(log p − log q), exact even where p underflows to 0.`
    : `${written(name, value)}: the target holds probabilities p (the default); a target of 0 contributes 0 (0·log 0 = 0).`;
};

const INDEX_MEAN = "divides the summed loss by Σ_n w[y_n] over the targets not ignored — without weight, by their number.";
const PROBABILITY_TARGET_MEAN = ' With probability targets it divides by N (times d₁…, every position), whatever the weights.';
const INDEX_NONE =
  "one loss per example (shape (N) or (N, d₁, …)), 0 where the target is ignored; a later `.mean()` divides by every position, ignored ones included.";

const LEGACY = { size_average: legacyReductionNote, reduce: legacyReductionNote };

function smoothing(call: BoundCall): boolean {
  const eps = call.get('label_smoothing');
  return eps !== undefined && !(eps.kind === 'number' && eps.value === 0);
}

const crossEntropy = (call: BoundCall): EntryDescription => ({
  formula: smoothing(call) ? 'crossEntropySoftTarget' : 'crossEntropy',
  relatedFormulas: ['crossEntropyDecomposition'],
  framework: 'PyTorch',
  input: 'logits',
  expects:
    '**raw logits** (unnormalised scores) of shape (N, C) or (N, C, d₁, …), classes on dimension 1; it applies log_softmax itself — do not softmax first. ' +
    'Target: class indices (integers in [0, C), shape (N) or (N, d₁, …)) or class probabilities (floats, the input\'s shape).',
  relations: [
    relation.CE_IS_NLL_OF_LOG_SOFTMAX,
    relation.CE_MINIMISES_KL,
    relation.CE_NO_SOFTMAX_FIRST,
    relation.LOGISTIC_REGRESSION,
    ...(smoothing(call) ? [relation.LABEL_SMOOTHING_FLOOR] : []),
  ],
  runFigure: 'loss',
  calculator: { task: 'multiclass', kind: 'logits' },
});

const crossEntropyNotes = {
  weight: CLASS_WEIGHT,
  ignore_index: IGNORE_INDEX,
  reduction: torchReductionNote({ mean: INDEX_MEAN + PROBABILITY_TARGET_MEAN, none: INDEX_NONE }),
  label_smoothing: labelSmoothingNote('PyTorch'),
  ...LEGACY,
};

const nllLoss = (): EntryDescription => ({
  formula: 'nllLoss',
  framework: 'PyTorch',
  input: 'log-probabilities',
  expects:
    '**log-probabilities** of shape (N, C) or (N, C, d₁, …), e.g. `F.log_softmax(logits, dim=1)`; target: class indices. ' +
    'It applies no log and no softmax: it picks −input[n, y_n] (times the weight).',
  relations: [relation.NLL_TAKES_LOG_PROBABILITIES, relation.CE_IS_NLL_OF_LOG_SOFTMAX, relation.LOG_SOFTMAX_EXACT],
  runFigure: 'nll',
  calculator: { task: 'multiclass', kind: 'log_probs' },
});

const nllNotes = {
  weight: CLASS_WEIGHT,
  ignore_index: IGNORE_INDEX,
  reduction: torchReductionNote({ mean: INDEX_MEAN, none: INDEX_NONE }),
  ...LEGACY,
};

const ELEMENT_MEAN = "averages over every element (N × outputs): weight and pos_weight scale the terms but are not in the divisor.";
const ELEMENT_NONE = "one loss per element, the input's shape (sum over the last dimension for one loss per example).";

const binaryCrossEntropy = (): EntryDescription => ({
  formula: 'binaryCrossEntropy',
  framework: 'PyTorch',
  input: 'probabilities',
  expects:
    '**probabilities** in [0, 1] (after a sigmoid), any shape; target: the same shape, floats in [0, 1]. ' +
    'An input outside [0, 1] raises an error; each log is clamped at −100, so a confident mistake costs 100, not ∞.',
  relations: [relation.BCE_PER_NEURON, relation.BCE_WITH_LOGITS_IS_STABLE, relation.BCE_CLAMP, relation.BCE_AUTOCAST],
  runFigure: 'loss',
  calculator: { task: 'multilabel', kind: 'probs' },
});

const bceWithLogits = (): EntryDescription => ({
  formula: 'bceWithLogits',
  relatedFormulas: ['bceWithLogitsStable'],
  framework: 'PyTorch',
  input: 'logits',
  expects:
    '**raw logits**, one per output neuron, any shape; it applies the sigmoid itself, in a stable form — do not sigmoid first. ' +
    'Target: the same shape, floats in [0, 1] (multi-label: several may be 1).',
  relations: [relation.BCE_WITH_LOGITS_IS_STABLE, relation.BCE_PER_NEURON, relation.SIGMOID_IS_TWO_CLASS_SOFTMAX, relation.LOGISTIC_REGRESSION],
  runFigure: 'loss',
  calculator: { task: 'multilabel', kind: 'logits' },
});

const bceNotes = {
  weight: ELEMENT_WEIGHT,
  reduction: torchReductionNote({ mean: ELEMENT_MEAN, none: ELEMENT_NONE }),
  pos_weight: POS_WEIGHT,
  ...LEGACY,
};

const klDiv = (call: BoundCall): EntryDescription => {
  const logTarget = call.get('log_target');
  return {
    formula: logTarget?.kind === 'boolean' && logTarget.value ? 'klDivLogTarget' : 'klDiv',
    relatedFormulas: ['crossEntropyDecomposition'],
    framework: 'PyTorch',
    input: 'log-probabilities',
    expects:
      'input: the model\'s **log-probabilities** log q (e.g. `F.log_softmax(logits, dim=1)`); target: probabilities p of the same shape (log p with `log_target=True`). ' +
      "The default reduction='mean' divides by every element and is not the KL: use `reduction='batchmean'`.",
    relations: [relation.KL_DIV_ARGUMENT_ORDER, relation.KL_IS_CE_MINUS_ENTROPY, relation.KL_DIV_GRADIENT_IS_CE_GRADIENT],
    runFigure: 'kl',
    calculator: { task: 'multiclass', kind: 'log_probs' },
  };
};

const klNotes = {
  reduction: torchReductionNote({
    mean: "divides the sum by the number of elements (N·C), not by N: the KL per example divided by C, not the KL. PyTorch warns and recommends 'batchmean'.",
    batchmean: "sums and divides by the batch size: the true KL per example; 'mean' divides by every element and is not KL.",
    none: 'one term p·(log p − log q) per element, the input\'s shape; sum over the class dimension for each example\'s KL.',
  }),
  log_target: LOG_TARGET,
  ...LEGACY,
};

/** The module class and the function of one loss, titled alike. */
function pair(
  functional: string,
  module: string,
  subject: string,
  parameters: readonly string[],
  describe: (call: BoundCall) => EntryDescription,
  notes: Record<string, NoteWriter>,
): Record<string, CatalogEntry> {
  return {
    [`torch.nn.functional.${functional}`]: { subject, parameters: ['input', 'target', ...parameters], describe, notes },
    [`torch.nn.${module}`]: { subject, parameters, describe, notes },
  };
}

export const TORCH_LOSSES: Readonly<Record<string, CatalogEntry>> = {
  ...pair('cross_entropy', 'CrossEntropyLoss', 'softmax cross-entropy',
    ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing'], crossEntropy, crossEntropyNotes),
  ...pair('nll_loss', 'NLLLoss', 'negative log-likelihood of log-probabilities',
    ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction'], nllLoss, nllNotes),
  ...pair('binary_cross_entropy', 'BCELoss', 'binary cross-entropy on probabilities',
    ['weight', 'size_average', 'reduce', 'reduction'], binaryCrossEntropy, bceNotes),
  ...pair('binary_cross_entropy_with_logits', 'BCEWithLogitsLoss', 'binary cross-entropy on logits (sigmoid included)',
    ['weight', 'size_average', 'reduce', 'reduction', 'pos_weight'], bceWithLogits, bceNotes),
  ...pair('kl_div', 'KLDivLoss', 'Kullback–Leibler divergence, input in log space',
    ['size_average', 'reduce', 'reduction', 'log_target'], klDiv, klNotes),
};
