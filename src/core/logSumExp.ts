import { EXP_KERNEL_LIMIT, expKernel } from './exp';

/**
 * log Σ_c exp(x[start + c·stride]) over `count` elements.
 *
 * Stable for any finite input: with m = max x, log Σ exp(x) = m + log Σ exp(x − m); every
 * exponent is ≤ 0, so nothing overflows (logits of ±1e300 are fine) and the largest term is 1,
 * so the logarithm never sees 0. Edge cases follow PyTorch: a NaN anywhere gives NaN; −∞
 * entries (masked classes) contribute exp(−∞) = 0; a row of only −∞ gives NaN downstream.
 */
export function logSumExp(x: Float64Array, start = 0, count = x.length - start, stride = 1): number {
  const max = rowMax(x, start, count, stride);
  return max + Math.log(sumExpShifted(x, start, count, stride, max));
}

/** Largest element of a strided row (NaN elements are skipped here; they poison the sum later). */
export function rowMax(x: Float64Array, start: number, count: number, stride: number): number {
  let max = -Infinity;
  for (let c = 0, i = start; c < count; c++, i += stride) if (x[i] > max) max = x[i];
  return max;
}

/**
 * Σ exp(x − shift) over a strided row, with `expKernel` while every |x − shift| ≤ 700 (as for
 * the logits of any real model) and with Math.exp for the whole row otherwise (a −∞ mask, a logit
 * of 1e300), so that the edge cases above are exactly Math.exp's.
 */
export function sumExpShifted(x: Float64Array, start: number, count: number, stride: number, shift: number): number {
  let total = 0;
  let far = 0;
  for (let c = 0, i = start; c < count; c++, i += stride) {
    const d = x[i] - shift;
    const size = Math.abs(d); // NaN is not counted: expKernel(NaN) is NaN, as it should be
    if (size > far) far = size;
    total += expKernel(d);
  }
  if (far <= EXP_KERNEL_LIMIT) return total;
  total = 0;
  for (let c = 0, i = start; c < count; c++, i += stride) total += Math.exp(x[i] - shift);
  return total;
}
