import { LossLensError } from './errors';
import { xlogy } from './klDiv';

/**
 * Information measures between two discrete distributions p and q over the same classes, in nats
 * (natural log) or, with `base`, in that base's units (base 2: bits). Conventions: 0 · log 0 = 0,
 * so classes with p = 0 contribute nothing; where q = 0 < p the result is +∞.
 * Each input must be a distribution: entries in [0, 1] summing to 1 (within 1e−6).
 */

/** Entropy H(p) = −Σ p log p: the expected surprise, the least possible cross-entropy against p. */
export function entropy(p: Float64Array, base?: number): number {
  checkDistribution(p, 'p');
  let total = 0;
  for (let i = 0; i < p.length; i++) total -= xlogy(p[i], p[i]);
  return inBase(total, base);
}

/**
 * Cross-entropy H(p, q) = −Σ p log q: the expected cost of coding p with a code built for q.
 * H(p, q) = H(p) + KL(p ‖ q), so for a fixed target p, minimising it minimises KL.
 */
export function crossEntropyOf(p: Float64Array, q: Float64Array, base?: number): number {
  checkPair(p, q);
  let total = 0;
  for (let i = 0; i < p.length; i++) total -= xlogy(p[i], q[i]);
  return inBase(total, base);
}

/**
 * KL(p ‖ q) = Σ p log(p / q) ≥ 0, zero only when p = q; not symmetric. Computed term by term as
 * p · (log p − log q) rather than H(p, q) − H(p), which would cancel catastrophically when p ≈ q.
 */
export function klDivergence(p: Float64Array, q: Float64Array, base?: number): number {
  checkPair(p, q);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    total += p[i] * (Math.log(p[i]) - Math.log(q[i]));
  }
  return inBase(total, base);
}

/**
 * Jensen–Shannon divergence JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2: symmetric and
 * always finite, 0 ≤ JS ≤ log 2 (1 bit). This is the divergence, not its square root (the
 * Jensen–Shannon distance SciPy's `jensenshannon` returns).
 */
export function jsDivergence(p: Float64Array, q: Float64Array, base?: number): number {
  checkPair(p, q);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    // log m = log(p + q) − log 2, not log((p + q)/2): halving a subnormal p + q can round it to 0.
    const logM = Math.log(p[i] + q[i]) - Math.LN2;
    if (p[i] > 0) total += p[i] * (Math.log(p[i]) - logM);
    if (q[i] > 0) total += q[i] * (Math.log(q[i]) - logM);
  }
  return inBase(total / 2, base);
}

function inBase(nats: number, base: number | undefined): number {
  if (base === undefined) return nats;
  if (!(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new LossLensError(`${base} is not a valid logarithm base; use e.g. 2 for bits`, 'base');
  }
  return nats / Math.log(base);
}

/** Tolerance on Σ p = 1: float32 softmax outputs of a few thousand classes stay well inside. */
const SUM_TOLERANCE = 1e-6;

export function checkDistribution(p: Float64Array, field: string): void {
  if (p.length === 0) throw new LossLensError('is empty; a distribution needs at least one class', field);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new LossLensError(`entry ${i} is ${p[i]}, outside [0, 1]`, field);
    total += p[i];
  }
  if (Math.abs(total - 1) > SUM_TOLERANCE) throw new LossLensError(`sums to ${total}, not 1`, field);
}

function checkPair(p: Float64Array, q: Float64Array): void {
  checkDistribution(p, 'p');
  checkDistribution(q, 'q');
  if (p.length !== q.length) throw new LossLensError(`has ${q.length} classes but p has ${p.length}`, 'q');
}
