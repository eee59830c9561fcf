import { LossLensError } from './errors';

/** PyTorch's `reduction` argument. `batchmean` is accepted by `kl_div` only. */
export type Reduction = 'none' | 'mean' | 'sum';

export const REDUCTIONS: readonly Reduction[] = ['none', 'mean', 'sum'];

export function checkReduction<R extends string>(value: unknown, allowed: readonly R[]): R {
  if (value === undefined) return 'mean' as R;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as R;
  throw new LossLensError(`${JSON.stringify(value)} is not a valid value; expected one of ${allowed.join(', ')}`, 'reduction');
}

/**
 * Sum of the elements. Plain left-to-right summation: with float64 the rounding error of a
 * few million terms stays far below the 1e-9 relative agreement we promise with PyTorch.
 */
export function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/** Mean of the elements; NaN for none, as `torch.mean` of an empty tensor. */
export function mean(values: Float64Array): number {
  return sum(values) / values.length;
}
