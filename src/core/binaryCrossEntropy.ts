import { LossLensError } from './errors';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { broadcastTo, formatShape, sameShape, type Tensor } from './tensor';

export interface BinaryCrossEntropyOptions {
  /** A rescaling weight, broadcast to the input's shape. */
  weight?: Tensor;
  reduction?: Reduction;
}

/** PyTorch clamps each logarithm at −100 so that a probability of exactly 0 or 1 costs 100, not ∞. */
const LOG_FLOOR = -100;

/**
 * `F.binary_cross_entropy(input, target)`: input holds probabilities in [0, 1] (after a sigmoid),
 * target the same shape with values in [0, 1]. Each element is an independent two-class
 * cross-entropy: ℓ = −w · (y · max(log x, −100) + (1 − y) · max(log(1 − x), −100)).
 *
 * Domain: an input outside [0, 1] (or NaN) is rejected, as PyTorch does; targets are not checked
 * (PyTorch 1.13 computes the formula for any target). The clamp makes
 * x = 0 or 1 finite (100 per element), so the result is finite but less accurate than
 * `binaryCrossEntropyWithLogits` on the logits, which should be preferred. `mean` averages over
 * every element (the weights do not divide).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor | number {
  const reduction = checkReduction(options.reduction, REDUCTIONS);
  checkSameShape(input, target);
  const weight = options.weight ? broadcastTo(options.weight, input.shape, 'weight') : undefined;
  const x = input.data;
  const y = target.data;
  const losses = new Float64Array(x.length);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    if (!(xi >= 0 && xi <= 1)) throw new LossLensError('all elements of input should be between 0 and 1', 'input');
    // PyTorch's own arrangement of the terms, so that even the sign of a zero loss agrees.
    let loss = (yi - 1) * Math.max(Math.log1p(-xi), LOG_FLOOR) - yi * Math.max(Math.log(xi), LOG_FLOOR);
    if (weight) loss *= weight[i];
    losses[i] = loss;
    total += loss;
  }
  if (reduction === 'none') return { data: losses, shape: input.shape };
  return reduction === 'sum' ? total : total / x.length;
}

export function checkSameShape(input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new LossLensError(
      `Target size ${formatShape(target.shape)} must be the same as input size ${formatShape(input.shape)}`,
      'target',
    );
  }
}
