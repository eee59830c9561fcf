import { checkClassWeight, classLayout } from './classes';
import { LossLensError } from './errors';
import { indexedNll } from './nllLoss';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { rowMax, sumExpShifted } from './logSumExp';
import { formatShape, sameShape, type Tensor } from './tensor';

export interface CrossEntropyOptions {
  /** A rescaling weight per class, shape (C). */
  weight?: Tensor;
  /** Class-index targets only: a target equal to this is skipped and not counted. Default −100. */
  ignore_index?: number;
  reduction?: Reduction;
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C. Default 0. */
  label_smoothing?: number;
}

/**
 * `F.cross_entropy(input, target)`: softmax cross-entropy from raw logits, shape (C) or (N, C, …).
 *
 * The target is either class indices (shape (N, …), the input's without the class dimension),
 * giving ℓ_n = −w[y_n] · log softmax(x_n)[y_n] = NLL ∘ log_softmax (see `nllLoss` for the
 * reductions, ignore_index and label smoothing), or class probabilities p (the input's shape),
 * giving ℓ_n = −Σ_c w_c p_c log softmax(x_n)_c, whose `mean` divides by N (not by the weights),
 * as PyTorch does. With probability targets and no weight, ℓ_n = H(p_n) + KL(p_n ‖ q_n): minimising
 * cross-entropy minimises the KL divergence from the targets to the model.
 *
 * Stability: log-softmax is computed as (x − m) − log Σ exp(x − m) (see `logSumExp`), so logits
 * of ±1e300 do not overflow, and a −∞ logit (a masked class) gives a loss of +∞ only when it is
 * the target. With probability targets, as in PyTorch, a −∞ logit times a 0 target is NaN.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor | number {
  const labelSmoothing = checkLabelSmoothing(options.label_smoothing);
  if (input.shape.length > 0 && sameShape(input.shape, target.shape)) {
    return probabilityTargetCrossEntropy(input, target, options, labelSmoothing);
  }
  return indexedNll(input, target, options, true, labelSmoothing);
}

/**
 * Class-index `F.cross_entropy` of (N, C) logits whose log_softmax is at hand: the very number
 * `crossEntropy(logits, target, options)` gives, bit for bit (the same operations in the same
 * order: log q = x − m − log Σ exp(x − m) is what both take), without normalising the rows again.
 * For a caller that needs log q anyway, as the run model does for entropy and KL.
 */
export function crossEntropyFromLogSoftmax(logSoftmax: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor | number {
  if (logSoftmax.shape.length !== 2) throw new LossLensError(`needs (N, C) log-probabilities, not shape ${formatShape(logSoftmax.shape)}`, 'input');
  return indexedNll(logSoftmax, target, options, false, checkLabelSmoothing(options.label_smoothing));
}

function checkLabelSmoothing(value: number | undefined): number {
  const epsilon = value ?? 0;
  if (!(epsilon >= 0 && epsilon <= 1)) {
    throw new LossLensError(`label_smoothing must be between 0.0 and 1.0. Got: ${epsilon}`, 'label_smoothing');
  }
  return epsilon;
}

function probabilityTargetCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions,
  labelSmoothing: number,
): Tensor | number {
  const reduction = checkReduction(options.reduction, REDUCTIONS);
  const layout = classLayout(input);
  const { outer, classes, inner } = layout;
  const weight = checkClassWeight(options.weight, classes);
  const x = input.data;
  const p = target.data;
  const keep = 1 - labelSmoothing;
  const spread = labelSmoothing / classes;
  const losses = new Float64Array(outer * inner);
  let total = 0;
  for (let n = 0; n < outer; n++) {
    for (let r = 0; r < inner; r++) {
      const start = n * classes * inner + r;
      const max = rowMax(x, start, classes, inner);
      const logTotal = Math.log(sumExpShifted(x, start, classes, inner, max));
      let loss = 0;
      for (let c = 0, i = start; c < classes; c++, i += inner) {
        const pc = labelSmoothing > 0 ? p[i] * keep + spread : p[i];
        loss -= (x[i] - max - logTotal) * pc * (weight ? weight[c] : 1);
      }
      losses[n * inner + r] = loss;
      total += loss;
    }
  }
  if (reduction === 'none') return { data: losses, shape: layout.lossShape };
  return reduction === 'sum' ? total : total / (outer * inner);
}
