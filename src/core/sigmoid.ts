import { log1pExpNeg } from './log1pExp';
import { mapElements, type Tensor } from './tensor';

/**
 * σ(x) = 1 / (1 + e^(−x)), evaluated as e^x / (1 + e^x) for x < 0 so that the exponential never
 * overflows: both branches only ever take exp of a non-positive number. σ(±∞) = 1 or 0.
 */
export function sigmoidOf(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * softplus(x) = log(1 + e^x), as max(x, 0) + log1p(e^(−|x|)): the exponent is never positive,
 * and log1p keeps full precision where e^(−|x|) is tiny (large |x|), so softplus(−40) ≈ 4.2e−18
 * instead of 0 (`log1pExpNeg`, a table-driven kernel). softplus(+∞) = +∞, softplus(−∞) = 0.
 */
export function softplus(x: number): number {
  return Math.max(x, 0) + log1pExpNeg(Math.abs(x));
}

/** log σ(x) = −softplus(−x), stable for the same reason as `softplus`. */
export function logSigmoidOf(x: number): number {
  return Math.min(x, 0) - log1pExpNeg(Math.abs(x));
}

/** `torch.sigmoid`, elementwise. */
export function sigmoid(input: Tensor): Tensor {
  return mapElements(input, sigmoidOf);
}

/** `F.logsigmoid`, elementwise. */
export function logSigmoid(input: Tensor): Tensor {
  return mapElements(input, logSigmoidOf);
}
