import type { StepFigures } from '../protocol';
import type { StepSums } from './stepSums';

/** One step's figures, as `loss-lens summarize` prints them and the inspector charts them. */
export type StepSummary = StepFigures;

/** The figures of a step from its sums. */
export function summarize(step: number, split: string, sums: StepSums): StepSummary {
  const poisoned = sums.nonfinite > 0;
  const ratio = (a: number, b: number): number => (poisoned ? NaN : a / b);
  const perClass = (values: Float64Array, count: number): number[] => {
    const out = new Array<number>(values.length);
    for (let c = 0; c < values.length; c++) out[c] = ratio(values[c], count);
    return out;
  };
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
