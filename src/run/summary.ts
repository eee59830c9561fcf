import type { Task } from '../log/record';
import type { StepSums } from './stepSums';

/** One step's figures, as `loss-lens summarize` prints them and the inspector charts them. */
export interface StepSummary {
  step: number;
  split: string;
  task: Task;
  /** Examples counted (not ignored). */
  n: number;
  /** Multiclass: `F.cross_entropy(reduction="mean")`; multilabel: BCE (with logits) mean. */
  loss: number;
  /** Multiclass: the loss without label smoothing. */
  nll?: number;
  /** Multiclass: mean H(q) of the predictions. */
  entropy?: number;
  /** Multiclass: mean H(p) of the (smoothed) targets. */
  target_entropy?: number;
  /** Multiclass: mean KL(p ‖ q). */
  kl?: number;
  accuracy: number;
  /** Mean predicted probability per class (multilabel: mean sigmoid per neuron). */
  class_prob: number[];
  /** Multiclass: mean predicted probability of the target class. */
  true_class_prob?: number;
  /** Multilabel: each neuron's mean BCE over the batch. */
  neuron_bce?: number[];
  /** The loss the training code logged (mean over the step's records), when it did. */
  logged_loss?: number;
  /** The logged loss differs from ours by more than 1e-6 relative. */
  loss_mismatch: boolean;
  /** Non-finite outputs; when > 0 the figures are NaN. */
  nonfinite: number;
  time?: number;
  epoch?: number;
}

/** The figures of a step from its sums. */
export function summarize(step: number, split: string, sums: StepSums): StepSummary {
  const poisoned = sums.nonfinite > 0;
  const ratio = (a: number, b: number): number => (poisoned ? NaN : a / b);
  const perClass = (values: Float64Array, count: number): number[] => Array.from(values, (v) => ratio(v, count));
  const multiclass = sums.task === 'multiclass';
  return {
    step,
    split,
    task: sums.task,
    n: sums.n,
    loss: ratio(sums.lossSum, sums.lossDenominator),
    nll: multiclass ? ratio(sums.nllSum, sums.lossDenominator) : undefined,
    entropy: multiclass ? ratio(sums.entropySum, sums.n) : undefined,
    target_entropy: multiclass ? ratio(sums.targetEntropySum, sums.n) : undefined,
    kl: multiclass ? ratio(sums.klSum, sums.n) : undefined,
    accuracy: ratio(sums.correct, sums.accuracyDenominator),
    class_prob: perClass(sums.classProbSums, sums.n),
    true_class_prob: multiclass ? ratio(sums.trueClassProbSum, sums.n) : undefined,
    neuron_bce: sums.neuronBceSums ? perClass(sums.neuronBceSums, sums.n) : undefined,
    logged_loss: sums.loggedLossCount > 0 ? sums.loggedLossSum / sums.loggedLossCount : undefined,
    loss_mismatch: sums.mismatch,
    nonfinite: sums.nonfinite,
    time: sums.time,
    epoch: sums.epoch,
  };
}
