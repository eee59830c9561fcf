import { checkSameShape } from './binaryCrossEntropy';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { log1pExpNeg } from './log1pExp';
import { broadcastTo, type Tensor } from './tensor';

export interface BinaryCrossEntropyWithLogitsOptions {
  /** A rescaling weight, broadcast to the input's shape. */
  weight?: Tensor;
  /** A weight on the positive term, broadcast over the input (usually shape (C), one per neuron). */
  pos_weight?: Tensor;
  reduction?: Reduction;
}

/**
 * `F.binary_cross_entropy_with_logits(input, target)`: sigmoid cross-entropy from raw logits x,
 * one independent two-class cross-entropy per element (per neuron of a multilabel head; the
 * elements are not one distribution):
 *   ℓ = w · (pw · y · softplus(−x) + (1 − y) · softplus(x)),
 * since −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x). PyTorch writes the same as
 * (1 − y)·x + (1 + (pw − 1)·y) · softplus(−x).
 *
 * Stability: softplus is evaluated as max(x, 0) + log1p(exp(−|x|)) (the log-sum-exp trick for two
 * terms), so logits of ±1e4 give exact losses (10000, 0) where σ would round to 0 or 1 and
 * `binaryCrossEntropy` would clamp at 100. `mean` averages over every element. Infinite logits
 * give what PyTorch gives (NaN, except +∞ with a 0 target: +∞), see `pytorchAtInfinity`.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor | number {
  const reduction = checkReduction(options.reduction, REDUCTIONS);
  checkSameShape(input, target);
  const weight = options.weight ? broadcastTo(options.weight, input.shape, 'weight') : undefined;
  const posWeight = options.pos_weight ? broadcastTo(options.pos_weight, input.shape, 'pos_weight') : undefined;
  // Pointwise losses are kept for `none` only: a reduction need not allocate a float64 per element.
  const losses = reduction === 'none' ? new Float64Array(input.data.length) : undefined;
  const total =
    weight || posWeight
      ? sumWeighted(input.data, target.data, weight, posWeight, losses)
      : sumUnweighted(input.data, target.data, losses);
  if (losses) return { data: losses, shape: input.shape };
  return reduction === 'sum' ? total : total / input.data.length;
}

/**
 * Σ ℓ without weights, storing each ℓ in `losses` if given. With pw = w = 1 the loss is
 * y·softplus(−x) + (1 − y)·softplus(x) = max(x, 0) − x·y + log1p(e^(−|x|)), since
 * softplus(±x) = max(±x, 0) + log1p(e^(−|x|)) and max(−x, 0) = max(x, 0) − x; max(x, 0) is
 * (|x| + x)/2, exact, with no branch on the sign of x to mispredict.
 */
function sumUnweighted(x: Float64Array, y: Float64Array, losses: Float64Array | undefined): number {
  let total = 0;
  // Two loops rather than a test of `losses` per element, which V8 would not hoist.
  if (losses) for (let i = 0; i < x.length; i++) total += losses[i] = unweightedLoss(x[i], y[i]);
  else for (let i = 0; i < x.length; i++) total += unweightedLoss(x[i], y[i]);
  return total;
}

function unweightedLoss(x: number, y: number): number {
  const size = Math.abs(x);
  return Number.isFinite(x) ? 0.5 * (size + x) - x * y + log1pExpNeg(size) : pytorchAtInfinity(x, y, 1);
}

/** Σ ℓ with a weight and/or a pos_weight (each already broadcast to the input's shape). */
function sumWeighted(
  x: Float64Array,
  y: Float64Array,
  weight: Float64Array | undefined,
  posWeight: Float64Array | undefined,
  losses: Float64Array | undefined,
): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    const pw = posWeight ? posWeight[i] : 1;
    // softplus(±x) = max(±x, 0) + log1p(e^(−|x|)), with max(±x, 0) = |x|/2 ± x/2 exactly (a
    // subnormal x may lose its last bit there, which adding log1p(e^(−|x|)) ≈ ln 2 absorbs).
    const halfAbs = 0.5 * Math.abs(xi);
    const half = 0.5 * xi;
    const tail = log1pExpNeg(Math.abs(xi));
    let loss = Number.isFinite(xi)
      ? pw * yi * (halfAbs - half + tail) + (1 - yi) * (halfAbs + half + tail)
      : pytorchAtInfinity(xi, yi, pw);
    if (weight) loss *= weight[i];
    if (losses) losses[i] = loss;
    total += loss;
  }
  return total;
}

/**
 * PyTorch's own expression, (1 − y)·x + (1 + (pw − 1)·y)·(log(e^(−m) + e^(−x−m)) + m) with
 * m = max(−x, 0), used only for x = ±∞ so that a diverged run shows the NaN its training loop printed.
 */
function pytorchAtInfinity(x: number, y: number, pw: number): number {
  const m = Math.max(-x, 0);
  return (1 - y) * x + (1 + (pw - 1) * y) * (Math.log(Math.exp(-m) + Math.exp(-x - m)) + m);
}
