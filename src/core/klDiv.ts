import { LossLensError } from './errors';
import { EXP_KERNEL_LIMIT, expKernel } from './exp';
import { highWordIndex, highWords, inLogKernelDomain, logKernel } from './log';
import { checkReduction } from './reduction';
import { loadSimdKlDivSum, type SimdKlDivSum } from './simdKlDivTerms';
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
  // Pointwise losses are kept for `none` only: a reduction need not allocate a float64 per element.
  const losses = reduction === 'none' ? new Float64Array(input.data.length) : undefined;
  const total = options.log_target ? sumLogTarget(input.data, target.data, losses) : sumTarget(input.data, target.data, losses);
  switch (reduction) {
    case 'none':
      return { data: losses as Float64Array, shape: input.shape };
    case 'sum':
      return total;
    case 'mean':
      return total / input.data.length;
    case 'batchmean':
      return input.shape.length === 0 ? total : total / input.shape[0];
  }
}

let simd: SimdKlDivSum | undefined | null = null; // null: not loaded yet

/**
 * Σ xlogy(p, p) − p·log q, storing each term in `losses` if given. Where `logKernel` applies to p
 * (a positive normal p away from 1, as nearly every probability) the term is p·(log p − log q),
 * one rounding fewer than PyTorch's two products; elsewhere (p = 0, near 1, subnormal, negative,
 * NaN) xlogy is written out with Math.log, so 0·log 0 = 0 and NaN propagates exactly as in PyTorch.
 * The order of the sum suits two SIMD lanes: the kernel's terms at even indices in one chain, those
 * at odd indices in another, then the others in order. With WebAssembly SIMD where the engine has
 * it (simdKlDivTerms.ts), in JavaScript otherwise, the same results bit for bit either way.
 */
function sumTarget(logQ: Float64Array, p: Float64Array, losses: Float64Array | undefined): number {
  if (simd === null) simd = loadSimdKlDivSum();
  return simd ? simd(logQ, p, losses, targetTermOutsideKernel) : sumTargetInScript(logQ, p, losses);
}

/** sumTarget in JavaScript (exported for the test that compares it with the SIMD path). */
export function sumTargetInScript(logQ: Float64Array, p: Float64Array, losses: Float64Array | undefined): number {
  const high = highWords(p);
  const n = p.length;
  let even = 0;
  let odd = 0;
  let i = 0;
  // Two loops rather than a test of `losses` per element, which V8 would not hoist.
  if (losses) {
    for (; i + 1 < n; i += 2) {
      even += losses[i] = kernelTerm(p[i], high[highWordIndex(i)], logQ[i]);
      odd += losses[i + 1] = kernelTerm(p[i + 1], high[highWordIndex(i + 1)], logQ[i + 1]);
    }
  } else {
    for (; i + 1 < n; i += 2) {
      even += kernelTerm(p[i], high[highWordIndex(i)], logQ[i]);
      odd += kernelTerm(p[i + 1], high[highWordIndex(i + 1)], logQ[i + 1]);
    }
  }
  if (i < n && losses) even += losses[i] = kernelTerm(p[i], high[highWordIndex(i)], logQ[i]);
  else if (i < n) even += kernelTerm(p[i], high[highWordIndex(i)], logQ[i]);
  // Then the targets outside the kernel's domain, in order (their kernel terms above were 0).
  let outside = 0;
  for (let j = 0; j < n; j++) {
    if (inLogKernelDomain(high[highWordIndex(j)])) continue;
    const term = targetTermOutsideKernel(p[j], logQ[j]);
    outside += term;
    if (losses) losses[j] = term;
  }
  return even + odd + outside;
}

/**
 * p·(log p − log q) where `logKernel` applies to p, given its high word; 0 elsewhere (no term in
 * the kernel's domain is −0, so adding that 0 changes no sum).
 */
function kernelTerm(p: number, pHigh: number, logQ: number): number {
  return inLogKernelDomain(pHigh) ? p * (logKernel(p, pHigh) - logQ) : 0;
}

/**
 * xlogy(p, p) − p·log q, written out: with y = x, xlogy's NaN test is redundant (x·log x is NaN
 * for a NaN x anyway).
 */
function targetTermOutsideKernel(p: number, logQ: number): number {
  return (p === 0 ? 0 : p * Math.log(p)) - p * logQ;
}

/** Σ e^(log p)·(log p − log q), storing each term in `losses` if given. */
function sumLogTarget(logQ: Float64Array, logP: Float64Array, losses: Float64Array | undefined): number {
  let total = 0;
  if (losses) for (let i = 0; i < logP.length; i++) total += losses[i] = logTargetTerm(logP[i], logQ[i]);
  else for (let i = 0; i < logP.length; i++) total += logTargetTerm(logP[i], logQ[i]);
  return total;
}

/** e^(log p)·(log p − log q), with `expKernel` where it applies. */
function logTargetTerm(logP: number, logQ: number): number {
  return (Math.abs(logP) <= EXP_KERNEL_LIMIT ? expKernel(logP) : Math.exp(logP)) * (logP - logQ);
}

/** x · log y with 0 · log y = 0 for any y but NaN (as `torch.xlogy`). */
export function xlogy(x: number, y: number): number {
  if (Number.isNaN(y)) return NaN;
  return x === 0 ? 0 : x * Math.log(y);
}
