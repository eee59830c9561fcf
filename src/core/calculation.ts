import { binaryCrossEntropy } from './binaryCrossEntropy';
import { binaryCrossEntropyWithLogits } from './binaryCrossEntropyWithLogits';
import { crossEntropy } from './crossEntropy';
import { LossLensError } from './errors';
import { crossEntropyOf, entropy, klDivergence } from './information';
import { klDiv } from './klDiv';
import { nllLoss } from './nllLoss';
import { sigmoidOf } from './sigmoid';
import { logSoftmax, softmax } from './softmax';
import type { Tensor } from './tensor';

/** What a model's output row holds. `log_probs` are log-probabilities (after log_softmax). */
export type OutputKind = 'logits' | 'probs' | 'log_probs';

export interface MulticlassProblem {
  kind: OutputKind;
  values: Float64Array;
  /** A class index, or a probability per class. */
  target: number | Float64Array;
  weight?: Float64Array;
  label_smoothing?: number;
}

/** One example's softmax cross-entropy, worked out step by step (all logarithms natural). */
export interface MulticlassWorking {
  logits: Float64Array;
  /** q = softmax(logits). */
  probabilities: Float64Array;
  /** log q = log_softmax(logits). */
  logProbabilities: Float64Array;
  /** p: the one-hot or given target, after label smoothing. */
  targetDistribution: Float64Array;
  /** −w_c · p_c · log q_c, whose sum is the loss. */
  terms: Float64Array;
  /** `F.cross_entropy(logits, target, weight, label_smoothing, reduction="sum")`: this example's loss. */
  crossEntropy: number;
  /** `F.nll_loss(log_softmax(logits), target)` (class-index targets, no smoothing). */
  nll?: number;
  /** H(p), KL(p ‖ q), H(p, q): unweighted; H(p, q) = H(p) + KL(p ‖ q). */
  targetEntropy: number;
  kl: number;
  crossEntropyOfDistributions: number;
  /** `F.kl_div(log q, p, reduction="batchmean")`, which equals KL(p ‖ q). */
  klDiv: number;
  /** H(q): how unsure the model is. */
  predictionEntropy: number;
}

/** Works out every multiclass loss for one example, each final number from the core's PyTorch functions. */
export function workMulticlass(problem: MulticlassProblem): MulticlassWorking {
  const classes = problem.values.length;
  if (classes < 1) throw new LossLensError('needs at least one class', 'input');
  // Probabilities become logits through their logarithm: softmax(log q) = q when q sums to 1.
  const logits = problem.kind === 'probs' ? problem.values.map(Math.log) : problem.values;
  if (problem.kind === 'probs') checkProbabilities(problem.values, 'input');
  const row: Tensor = { data: logits, shape: [1, classes] };
  const indexTarget = typeof problem.target === 'number';
  const target: Tensor = indexTarget
    ? { data: Float64Array.of(problem.target as number), shape: [1] }
    : { data: problem.target as Float64Array, shape: [1, classes] };
  const weight = problem.weight ? { data: problem.weight, shape: [classes] } : undefined;
  const smoothing = problem.label_smoothing ?? 0;
  const crossEntropyValue = crossEntropy(row, target, { weight, label_smoothing: smoothing, reduction: 'sum' }) as number;
  const probabilities = softmax(row).data;
  const logProbabilities = logSoftmax(row).data;
  const given = indexTarget ? oneHot(problem.target as number, classes) : (problem.target as Float64Array);
  const targetDistribution = given.map((p) => p * (1 - smoothing) + smoothing / classes);
  const terms = targetDistribution.map((p, c) => -(problem.weight ? problem.weight[c] : 1) * p * logProbabilities[c]);
  const logQ: Tensor = { data: logProbabilities, shape: [1, classes] };
  return {
    logits,
    probabilities,
    logProbabilities,
    targetDistribution,
    terms,
    crossEntropy: crossEntropyValue,
    nll: indexTarget ? (nllLoss(logQ, target, { weight, reduction: 'sum' }) as number) : undefined,
    targetEntropy: entropy(targetDistribution),
    kl: klDivergence(targetDistribution, probabilities),
    crossEntropyOfDistributions: crossEntropyOf(targetDistribution, probabilities),
    klDiv: klDiv(logQ, { data: targetDistribution, shape: [1, classes] }, { reduction: 'batchmean' }) as number,
    predictionEntropy: entropy(probabilities),
  };
}

function oneHot(index: number, classes: number): Float64Array {
  if (!Number.isInteger(index) || index < 0 || index >= classes) {
    throw new LossLensError(`class ${index} is out of range for ${classes} classes (0 to ${classes - 1})`, 'target');
  }
  const p = new Float64Array(classes);
  p[index] = 1;
  return p;
}

function checkProbabilities(values: Float64Array, field: string): void {
  values.forEach((v, i) => {
    if (!(v >= 0 && v <= 1)) throw new LossLensError(`entry ${i} is ${v}, not a probability in [0, 1]`, field);
  });
}

export interface MultilabelProblem {
  kind: Exclude<OutputKind, 'log_probs'>;
  values: Float64Array;
  /** One 0/1 (or soft) target per neuron. */
  targets: Float64Array;
  weight?: Float64Array;
  pos_weight?: Float64Array;
}

/** One example of a multilabel (sigmoid) head: an independent two-class cross-entropy per neuron. */
export interface MultilabelWorking {
  /** Absent when probabilities were given: they cannot be turned back into logits exactly at 0 and 1. */
  logits?: Float64Array;
  /** σ(x) per neuron. */
  probabilities: Float64Array;
  /** −w (pw · y log σ + (1 − y) log(1 − σ)) per neuron, from the logits when given (stable). */
  neuronLosses: Float64Array;
  /** `binary_cross_entropy_with_logits` (logits) or `binary_cross_entropy` (probabilities), mean and sum. */
  mean: number;
  sum: number;
  /** `F.binary_cross_entropy(σ(x), y)` (mean), which clamps each log at −100; absent with pos_weight. */
  bceOfProbabilities?: number;
}

export function workMultilabel(problem: MultilabelProblem): MultilabelWorking {
  const n = problem.values.length;
  if (problem.targets.length !== n) {
    throw new LossLensError(`has ${problem.targets.length} entries but there are ${n} outputs`, 'targets');
  }
  const shape = [n];
  const target: Tensor = { data: problem.targets, shape };
  const weight = problem.weight ? { data: problem.weight, shape } : undefined;
  const posWeight = problem.pos_weight ? { data: problem.pos_weight, shape } : undefined;
  if (problem.kind === 'probs') {
    const input: Tensor = { data: problem.values, shape };
    if (posWeight) throw new LossLensError('needs logits: binary_cross_entropy has no pos_weight', 'pos_weight');
    const losses = binaryCrossEntropy(input, target, { weight, reduction: 'none' }) as Tensor;
    const sum = losses.data.reduce((a, b) => a + b, 0);
    return { probabilities: problem.values, neuronLosses: losses.data, mean: sum / n, sum, bceOfProbabilities: sum / n };
  }
  const input: Tensor = { data: problem.values, shape };
  const losses = binaryCrossEntropyWithLogits(input, target, { weight, pos_weight: posWeight, reduction: 'none' }) as Tensor;
  const probabilities = problem.values.map(sigmoidOf);
  return {
    logits: problem.values,
    probabilities,
    neuronLosses: losses.data,
    mean: binaryCrossEntropyWithLogits(input, target, { weight, pos_weight: posWeight, reduction: 'mean' }) as number,
    sum: binaryCrossEntropyWithLogits(input, target, { weight, pos_weight: posWeight, reduction: 'sum' }) as number,
    bceOfProbabilities: posWeight ? undefined : binaryCrossEntropy({ data: probabilities, shape }, target, { weight, reduction: 'mean' }) as number,
  };
}

