import { LossLensError } from './errors';
import { checkReduction } from './reduction';
import { formatShape, sameShape, type Tensor } from './tensor';

export type KlDivReduction = 'none' | 'mean' | 'sum' | 'batchmean';

export interface KlDivOptions {
  /** `batchmean` (sum / N) is the true mean KL per example; `mean` divides by every element. */
  reduction?: KlDivReduction;
  /** The target holds log-probabilities rather than probabilities. Default false. */
  log_target?: boolean;
}

/**
 * `F.kl_div(input, target)`: input holds the model's log-probabilities log q, target the reference
 * distribution p (or log p with `log_target`), same shape. Pointwise ℓ = p · (log p − log q), with
 * 0 · log 0 = 0 (PyTorch's `xlogy`), so a zero target contributes nothing; summed over a row it is
 * KL(p ‖ q). Note the argument order: unlike `kl(p, q)`, the model comes first and in log space.
 *
 * Reductions: `sum`; `batchmean` = sum / N (N = size of dimension 0), the mathematically correct
 * mean KL; `mean` = sum / number of elements, PyTorch's default, which is rarely what one wants.
 * Not validated as in PyTorch: a negative target gives NaN rather than an error.
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor | number {
  const reduction = checkReduction<KlDivReduction>(options.reduction, ['none', 'mean', 'sum', 'batchmean']);
  if (!sameShape(input.shape, target.shape)) {
    throw new LossLensError(
      `target of shape ${formatShape(target.shape)} does not match input of shape ${formatShape(input.shape)}`,
      'target',
    );
  }
  const logQ = input.data;
  const t = target.data;
  const losses = new Float64Array(logQ.length);
  let total = 0;
  for (let i = 0; i < logQ.length; i++) {
    const loss = options.log_target ? Math.exp(t[i]) * (t[i] - logQ[i]) : xlogy(t[i], t[i]) - t[i] * logQ[i];
    losses[i] = loss;
    total += loss;
  }
  switch (reduction) {
    case 'none':
      return { data: losses, shape: input.shape };
    case 'sum':
      return total;
    case 'mean':
      return total / logQ.length;
    case 'batchmean':
      return input.shape.length === 0 ? total : total / input.shape[0];
  }
}

/** x · log y with 0 · log y = 0 for any y but NaN (as `torch.xlogy`). */
export function xlogy(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN;
  return x === 0 ? 0 : x * Math.log(y);
}
