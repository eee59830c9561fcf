import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, crossEntropyFromLogSoftmax, LossLensError, sigmoidOf, softmaxFigures, type Tensor } from '../core';
import type { LogRecord, LossOptions } from '../log/record';
import { emptySums, type StepSums } from './stepSums';

/** A logged loss "differs" from ours beyond this relative gap (a wrong reduction, probs as logits, …). */
export const MISMATCH_TOLERANCE = 1e-6;

/** The step sums of one record, computed with the shared core and the run's loss options. */
export function recordSums(record: LogRecord, options: LossOptions): StepSums {
  const sums = record.task === 'multiclass' ? multiclassSums(record, options) : multilabelSums(record, options);
  sums.records = 1;
  sums.nonfinite = record.nonfinite;
  sums.time = record.time;
  sums.epoch = record.epoch;
  if (record.loss !== undefined) {
    sums.loggedLossSum = record.loss;
    sums.loggedLossCount = 1;
    sums.mismatch = record.nonfinite === 0 && lossesDiffer(record.loss, sums.lossSum / sums.lossDenominator);
  }
  return sums;
}

/** True when `logged` and `ours` differ by more than 1e-6 relative (NaN differs from a number). */
export function lossesDiffer(logged: number, ours: number): boolean {
  if (Number.isNaN(logged) || Number.isNaN(ours)) return Number.isNaN(logged) !== Number.isNaN(ours);
  if (logged === ours) return false;
  return Math.abs(logged - ours) > MISMATCH_TOLERANCE * Math.max(Math.abs(logged), Math.abs(ours));
}

/** log q of the record being summed: one buffer, grown as needed, rather than 50 KB of garbage per record. */
let logSoftmaxBuffer = new Float64Array(0);

/**
 * Softmax cross-entropy and what it is made of. `probs` records become logits through their
 * logarithm and `log_probs` are used as logits: softmax leaves both unchanged, so the loss is
 * exactly `F.cross_entropy` of what the model would have fed it.
 */
function multiclassSums(record: LogRecord, options: LossOptions): StepSums {
  const { rows, classes } = record;
  const input: Tensor = { data: record.kind === 'probs' ? record.outputs.map(Math.log) : record.outputs, shape: [rows, classes] };
  const target: Tensor = { data: record.targets, shape: record.softTargets ? [rows, classes] : [rows] };
  const weight = options.weight ? checkedWeight(options.weight, classes) : undefined;
  const smoothing = options.label_smoothing;
  const common = { weight, ignore_index: options.ignore_index };
  const sums = emptySums('multiclass', classes);
  // Which rows count (not an ignored target), then log q once: class-index cross-entropy from it is
  // bit for bit crossEntropy's, and KL needs it; the predictions' own figures come with it.
  const counted = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) counted[r] = record.softTargets || record.targets[r] !== options.ignore_index ? 1 : 0;
  if (logSoftmaxBuffer.length < rows * classes) logSoftmaxBuffer = new Float64Array(rows * classes);
  const logQ = logSoftmaxBuffer.subarray(0, rows * classes);
  const { entropy: entropies, predicted: predictions } = softmaxFigures(input.data, rows, classes, counted, logQ, sums.classProbSums);
  const logSoftmaxed: Tensor = { data: logQ, shape: input.shape };
  const crossEntropyOf = (label_smoothing: number): number =>
    (record.softTargets
      ? crossEntropy(input, target, { ...common, label_smoothing, reduction: 'sum' })
      : crossEntropyFromLogSoftmax(logSoftmaxed, target, { ...common, label_smoothing, reduction: 'sum' })) as number;
  sums.lossSum = crossEntropyOf(smoothing);
  sums.nllSum = smoothing > 0 ? crossEntropyOf(0) : sums.lossSum;

  const keep = 1 - smoothing;
  const spread = smoothing / classes;
  // A class-index target puts keep + spread on its class and spread on every other: two logs per record.
  const hitLog = Math.log(keep + spread);
  const spreadLog = Math.log(spread);
  for (let r = 0; r < rows; r++) {
    if (!counted[r]) continue;
    const base = r * classes;
    const index = record.softTargets ? -1 : record.targets[r];
    const entropy = entropies[r];
    const predicted = predictions[r];
    // What the target adds: its entropy and the KL divergence from it. A one-hot target (no
    // smoothing) has p = 1 at its class only, so both come from that one term.
    let labelled = index;
    let targetEntropy = 0;
    let kl = 0;
    if (!record.softTargets && spread === 0) {
      targetEntropy -= keep * hitLog;
      kl += keep * (hitLog - logQ[base + index]);
    } else {
      for (let c = 0; c < classes; c++) {
        let p: number;
        let logp: number;
        if (record.softTargets) {
          const given = record.targets[base + c];
          if (c === 0 || given > record.targets[base + labelled]) labelled = c;
          p = given * keep + spread;
          logp = p > 0 ? Math.log(p) : 0;
        } else {
          p = c === index ? keep + spread : spread;
          logp = c === index ? hitLog : spreadLog;
        }
        if (p > 0) {
          targetEntropy -= p * logp;
          kl += p * (logp - logQ[base + c]);
        }
      }
    }
    sums.n++;
    sums.lossDenominator += record.softTargets ? 1 : weight ? weight.data[index] : 1;
    sums.entropySum += entropy;
    sums.targetEntropySum += targetEntropy;
    sums.klSum += kl;
    sums.trueClassProbSum += Math.exp(logQ[base + labelled]);
    if (predicted === labelled) sums.correct++;
  }
  sums.accuracyDenominator = sums.n;
  return sums;
}

/** Sigmoid cross-entropy: one independent two-class cross-entropy per neuron, never one distribution. */
function multilabelSums(record: LogRecord, options: LossOptions): StepSums {
  const { rows, classes } = record;
  const input: Tensor = { data: record.outputs, shape: [rows, classes] };
  const target: Tensor = { data: record.targets, shape: [rows, classes] };
  const weight = options.weight ? checkedWeight(options.weight, classes) : undefined;
  let losses: Float64Array;
  if (record.kind === 'logits') {
    const posWeight = options.pos_weight ? checkedWeight(options.pos_weight, classes, 'loss.pos_weight') : undefined;
    losses = (binaryCrossEntropyWithLogits(input, target, { weight, pos_weight: posWeight, reduction: 'none' }) as Tensor).data;
  } else {
    if (options.pos_weight) throw new LossLensError('needs logits: binary_cross_entropy on probabilities has no pos_weight', 'loss.pos_weight');
    losses = (binaryCrossEntropy(input, target, { weight, reduction: 'none' }) as Tensor).data;
  }
  const sums = emptySums('multilabel', classes);
  const neuronBce = sums.neuronBceSums as Float64Array;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) {
      const i = r * classes + c;
      const s = record.kind === 'logits' ? sigmoidOf(record.outputs[i]) : record.outputs[i];
      sums.lossSum += losses[i];
      neuronBce[c] += losses[i];
      sums.classProbSums[c] += s;
      if (s > 0.5 === record.targets[i] >= 0.5) sums.correct++;
    }
  }
  sums.n = rows;
  sums.nllSum = sums.lossSum;
  sums.lossDenominator = rows * classes;
  sums.accuracyDenominator = rows * classes;
  return sums;
}

function checkedWeight(weight: Float64Array, classes: number, name = 'loss.weight'): Tensor {
  if (weight.length !== classes) throw new LossLensError(`has ${weight.length} entries for ${classes} classes`, name);
  return { data: weight, shape: [classes] };
}
