/*
 * What a batch of logits says before any target, for the run model's per-step figures: per row,
 * log q = log_softmax(x), the entropy H(q) = −Σ q·log q and the predicted class (the largest q, the
 * first of equals); over the rows, Σ q per class. One sweep with WebAssembly SIMD where it can run
 * (rowSumExps.wat's predictionSums, after the row sums of cross-entropy's log-sum-exp), in
 * JavaScript otherwise and for rows it does not take (a −∞ mask, a logit of 1e300).
 *
 * The two agree to rounding, not bit for bit: SIMD takes q as e^(x − m) / Σ e^(x − m) from the
 * terms it has just summed, JavaScript as e^(log q). Either is within a few ulps of q.
 */
import { EXP_KERNEL_LIMIT, expKernel } from './exp';
import { sumExpShifted } from './logSumExp';
import { rowLogSumExps, simdRowSumExps } from './rowLogSumExps';
import type { SimdRowSumExps } from './simdRowSumExps';

export interface SoftmaxFigures {
  /** H(q) of each counted row (0 for the others). */
  readonly entropy: Float64Array;
  /** The class of the largest q of each counted row (0 for the others). */
  readonly predicted: Int32Array;
}

/**
 * For the rows of a (rows × classes) matrix of logits whose `counted` entry is 1: log q into
 * `logQ` (rows not counted are left unspecified), q added to `classProbSums`, and their entropy
 * and predicted class.
 */
export function softmaxFigures(x: Float64Array, rows: number, classes: number, counted: Uint8Array, logQ: Float64Array, classProbSums: Float64Array): SoftmaxFigures {
  return softmaxFiguresWith(simdRowSumExps(), x, rows, classes, counted, logQ, classProbSums);
}

/** softmaxFigures with the SIMD kernel given, or in JavaScript alone (exported for the test that compares the two). */
export function softmaxFiguresWith(
  simd: SimdRowSumExps | undefined,
  x: Float64Array,
  rows: number,
  classes: number,
  counted: Uint8Array,
  logQ: Float64Array,
  classProbSums: Float64Array,
): SoftmaxFigures {
  const entropy = new Float64Array(rows);
  const predicted = new Int32Array(rows);
  const done = new Uint8Array(rows);
  let max: Float64Array = new Float64Array(rows);
  let logTotal: Float64Array = new Float64Array(rows); // Σ exp(x − m) until the loop below takes its log
  if (simd && classes > 0 && simd.figures(x, rows, classes, counted, { max, total: logTotal, logQ, classProbSums, entropy, predicted, done })) {
    // The rows left to this thread: their max and log Σ exp as rowLogSumExps makes them.
    for (let n = 0; n < rows; n++) {
      if (done[n] || !counted[n]) continue;
      const start = n * classes;
      if (max[n] === 0) max[n] = rowLogSumExps(x.subarray(start, start + classes), 1, classes).max[0];
      logTotal[n] = Math.log(logTotal[n] >= 0 ? logTotal[n] : sumExpShifted(x, start, classes, 1, max[n]));
    }
  } else ({ max, logTotal } = rowLogSumExps(x, rows, classes));
  for (let n = 0; n < rows; n++) {
    if (done[n] || !counted[n]) continue;
    const base = n * classes;
    let best = -Infinity;
    let entropyOfRow = 0;
    for (let c = 0; c < classes; c++) {
      const logq = (logQ[base + c] = x[base + c] - max[n] - logTotal[n]);
      const q = logq >= -EXP_KERNEL_LIMIT ? expKernel(logq) : Math.exp(logq);
      if (q > 0) entropyOfRow -= q * logq;
      classProbSums[c] += q;
      if (logq > best) {
        best = logq;
        predicted[n] = c;
      }
    }
    entropy[n] = entropyOfRow;
  }
  return { entropy, predicted };
}
