import type { Task } from '../log/record';

/**
 * The sufficient statistics of a step: sums and their denominators, so that records of the same
 * step (micro-batches, or the ranks of a distributed job) merge exactly by adding, and the
 * figures are ratios taken at the end. A loss mean is Σ ℓ / Σ w, as PyTorch's weighted mean.
 */
export interface StepSums {
  readonly task: Task;
  readonly classes: number;
  records: number;
  /** Examples counted (not ignored). */
  n: number;
  lossSum: number;
  /** Σ w[y] over counted examples (class-index targets), N (soft targets), or N × C (multilabel). */
  lossDenominator: number;
  nllSum: number;
  entropySum: number;
  targetEntropySum: number;
  klSum: number;
  correct: number;
  /** n (multiclass) or n × C (multilabel). */
  accuracyDenominator: number;
  trueClassProbSum: number;
  /** Σ predicted probability (softmax or sigmoid) per class. */
  readonly classProbSums: Float64Array;
  /** Multilabel: Σ BCE per neuron over the batch. */
  readonly neuronBceSums?: Float64Array;
  loggedLossSum: number;
  loggedLossCount: number;
  mismatch: boolean;
  nonfinite: number;
  time?: number;
  epoch?: number;
}

export function emptySums(task: Task, classes: number): StepSums {
  return {
    task,
    classes,
    records: 0,
    n: 0,
    lossSum: 0,
    lossDenominator: 0,
    nllSum: 0,
    entropySum: 0,
    targetEntropySum: 0,
    klSum: 0,
    correct: 0,
    accuracyDenominator: 0,
    trueClassProbSum: 0,
    classProbSums: new Float64Array(classes),
    neuronBceSums: task === 'multilabel' ? new Float64Array(classes) : undefined,
    loggedLossSum: 0,
    loggedLossCount: 0,
    mismatch: false,
    nonfinite: 0,
  };
}

/** Adds `from` into `into` (same task and classes). */
export function addSums(into: StepSums, from: StepSums): void {
  into.records += from.records;
  into.n += from.n;
  into.lossSum += from.lossSum;
  into.lossDenominator += from.lossDenominator;
  into.nllSum += from.nllSum;
  into.entropySum += from.entropySum;
  into.targetEntropySum += from.targetEntropySum;
  into.klSum += from.klSum;
  into.correct += from.correct;
  into.accuracyDenominator += from.accuracyDenominator;
  into.trueClassProbSum += from.trueClassProbSum;
  for (let c = 0; c < into.classes; c++) into.classProbSums[c] += from.classProbSums[c];
  if (into.neuronBceSums && from.neuronBceSums) for (let c = 0; c < into.classes; c++) into.neuronBceSums[c] += from.neuronBceSums[c];
  into.loggedLossSum += from.loggedLossSum;
  into.loggedLossCount += from.loggedLossCount;
  into.mismatch ||= from.mismatch;
  into.nonfinite += from.nonfinite;
  if (from.time !== undefined) into.time = Math.max(into.time ?? -Infinity, from.time);
  if (from.epoch !== undefined) into.epoch = from.epoch;
}
