import { LossLensError } from './errors';
import { rowMax } from './logSumExp';
import { rowLogSumExps } from './rowLogSumExps';
import type { Tensor } from './tensor';

function lastDim(input: Tensor, field: string): number {
  if (input.shape.length === 0) throw new LossLensError('needs at least one dimension', field);
  return input.shape[input.shape.length - 1];
}

/**
 * `torch.softmax(input, dim=-1)`: q_c = exp(x_c − m) / Σ exp(x − m), m the row's maximum.
 * Shifting by m keeps every exponent ≤ 0, so no row overflows; each row sums to 1.
 */
export function softmax(input: Tensor): Tensor {
  const classes = lastDim(input, 'input');
  const x = input.data;
  const out = new Float64Array(x.length);
  for (let start = 0; start < x.length; start += classes) {
    const max = rowMax(x, start, classes, 1);
    let total = 0;
    for (let i = start; i < start + classes; i++) total += out[i] = Math.exp(x[i] - max);
    for (let i = start; i < start + classes; i++) out[i] /= total;
  }
  return { data: out, shape: input.shape };
}

/**
 * `torch.log_softmax(input, dim=-1)`: log q_c = (x_c − m) − log Σ exp(x − m).
 * Computed without forming q, so tiny probabilities keep their logarithm (log q can be −1e300
 * where q itself underflows to 0); a masked class (x = −∞) gets −∞, as in PyTorch. `out`, as in
 * PyTorch's `out=`, receives the result instead of a new array (a loop over many batches reuses one).
 */
export function logSoftmax(input: Tensor, out = new Float64Array(input.data.length)): Tensor {
  const classes = lastDim(input, 'input');
  const x = input.data;
  if (out.length !== x.length) throw new LossLensError(`has ${out.length} elements for an input of ${x.length}`, 'out');
  const { max, logTotal } = rowLogSumExps(x, classes > 0 ? x.length / classes : 0, classes);
  for (let n = 0, start = 0; start < x.length; n++, start += classes) {
    for (let i = start; i < start + classes; i++) out[i] = x[i] - max[n] - logTotal[n];
  }
  return { data: out, shape: input.shape };
}
