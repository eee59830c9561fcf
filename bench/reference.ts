/**
 * Plain reference loops: each loss written straight from its textbook definition, the way one
 * would without a library. They are the yardstick the core's throughput is reported against (both
 * measured in the same run, so the ratio does not depend on the machine) and a sanity check of
 * its values. Deliberately naive: no max shift in the log-sum-exp, log σ and log(1 − σ) taken
 * directly, so they are only accurate for moderate inputs such as the benchmark's (|x| ≲ 20).
 */

/** −log softmax(x_n)[y_n] = log Σ_c exp(x_nc) − x_n,y_n per row; `mean` divides by the rows. */
export function referenceCrossEntropy(x: Float64Array, y: Float64Array, classes: number, reduction: 'none' | 'mean'): Float64Array | number {
  const rows = y.length;
  const losses = reduction === 'none' ? new Float64Array(rows) : undefined;
  let total = 0;
  for (let n = 0; n < rows; n++) {
    let sumExp = 0;
    for (let c = 0; c < classes; c++) sumExp += Math.exp(x[n * classes + c]);
    const loss = Math.log(sumExp) - x[n * classes + y[n]];
    if (losses) losses[n] = loss;
    total += loss;
  }
  return losses ?? total / rows;
}

/** −(t·log σ(x) + (1 − t)·log(1 − σ(x))) per element; `mean` over all elements. */
export function referenceBceWithLogits(x: Float64Array, t: Float64Array, reduction: 'none' | 'mean'): Float64Array | number {
  const losses = reduction === 'none' ? new Float64Array(x.length) : undefined;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const p = 1 / (1 + Math.exp(-x[i]));
    const loss = -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p));
    if (losses) losses[i] = loss;
    total += loss;
  }
  return losses ?? total / x.length;
}

/** p·(log p − log q) per element, 0 where p = 0; `batchmean` divides the sum by the rows. */
export function referenceKlDiv(logQ: Float64Array, p: Float64Array, rows: number, reduction: 'none' | 'batchmean'): Float64Array | number {
  const losses = reduction === 'none' ? new Float64Array(p.length) : undefined;
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const loss = p[i] === 0 ? 0 : p[i] * (Math.log(p[i]) - logQ[i]);
    if (losses) losses[i] = loss;
    total += loss;
  }
  return losses ?? total / rows;
}
