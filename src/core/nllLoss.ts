import { classIndex, checkClassWeight, checkIndexTargetShape, classLayout } from './classes';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { rowLogSumExps } from './rowLogSumExps';
import { rowMax, sumExpShifted } from './logSumExp';
import type { Tensor } from './tensor';

export interface NllLossOptions {
  /** A rescaling weight per class, shape (C). */
  weight?: Tensor;
  /** A target equal to this contributes nothing and is not counted by the mean. Default −100. */
  ignore_index?: number;
  reduction?: Reduction;
}

/**
 * `F.nll_loss(input, target)`: input holds log-probabilities log q, shape (C) or (N, C, …);
 * target holds class indices. ℓ_n = −w[y_n] · log q[n, y_n], and 0 where y_n = ignore_index.
 *
 * Reductions as in PyTorch: `sum` = Σ ℓ_n; `mean` = Σ ℓ_n / Σ w[y_n] over the counted (not ignored)
 * targets, which is NaN (0/0) when every target is ignored; `none` keeps the target's shape.
 * Minimising it is maximum likelihood: it is the negative log-likelihood of the labels.
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor | number {
  return indexedNll(input, target, options, false, 0);
}

/**
 * The shared kernel of `nll_loss` and class-index `cross_entropy`.
 *
 * With `fromLogits` the input is normalised on the fly: log q_c = (x_c − m) − log Σ exp(x − m),
 * the stable log-softmax (see `logSumExp`), without allocating the log-softmax tensor.
 * With `labelSmoothing` ε > 0 the loss is (1 − ε)·NLL + (ε / C)·Σ_c (−w_c log q_c), PyTorch's
 * formulation, the smoothing term also divided by Σ w[y_n] under `mean`.
 */
export function indexedNll(
  input: Tensor,
  target: Tensor,
  options: NllLossOptions,
  fromLogits: boolean,
  labelSmoothing: number,
): Tensor | number {
  const reduction = checkReduction(options.reduction, REDUCTIONS);
  const ignoreIndex = options.ignore_index ?? -100;
  const layout = classLayout(input);
  checkIndexTargetShape(input, target, layout);
  const { outer, classes, inner } = layout;
  const weight = checkClassWeight(options.weight, classes);
  const x = input.data;
  const y = target.data;
  const losses = new Float64Array(outer * inner);
  const smoothing = labelSmoothing > 0;
  let weightTotal = 0;
  let nllTotal = 0;
  let smoothTotal = 0;
  // (N, C) logits, the common case: every row's max and log Σ exp in one sweep.
  const rows = fromLogits && inner === 1 ? rowLogSumExps(x, outer, classes) : undefined;
  for (let n = 0; n < outer; n++) {
    for (let r = 0; r < inner; r++) {
      const k = n * inner + r;
      const t = classIndex(y[k], classes, ignoreIndex);
      if (t < 0) continue;
      const start = n * classes * inner + r;
      let max = 0;
      let logTotal = 0;
      if (rows) {
        max = rows.max[n];
        logTotal = rows.logTotal[n];
      } else if (fromLogits) {
        max = rowMax(x, start, classes, inner);
        logTotal = Math.log(sumExpShifted(x, start, classes, inner, max));
      }
      const w = weight ? weight[t] : 1;
      const nll = -w * (x[start + t * inner] - max - logTotal);
      weightTotal += w;
      nllTotal += nll;
      if (!smoothing) {
        losses[k] = nll;
        continue;
      }
      let smooth = 0;
      for (let c = 0, i = start; c < classes; c++, i += inner) smooth -= (weight ? weight[c] : 1) * (x[i] - max - logTotal);
      smoothTotal += smooth;
      losses[k] = (1 - labelSmoothing) * nll + (labelSmoothing / classes) * smooth;
    }
  }
  if (reduction === 'none') return { data: losses, shape: layout.lossShape };
  const total = smoothing ? (1 - labelSmoothing) * nllTotal + (labelSmoothing / classes) * smoothTotal : nllTotal;
  if (reduction === 'sum') return total;
  if (!smoothing) return nllTotal / weightTotal;
  return (1 - labelSmoothing) * (nllTotal / weightTotal) + (labelSmoothing / classes) * (smoothTotal / weightTotal);
}
