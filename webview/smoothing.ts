/**
 * Exponential moving average as TensorBoard draws it: debiased, so the first points are not pulled
 * towards zero (the EMA of a constant is that constant from the first step), and non-finite points
 * pass through untouched without entering the average (a NaN step stays a visible gap, and the
 * curve after it is not poisoned). No DOM: unit-tested in node.
 */

/** The running state after a point: what a later call needs to continue. */
interface EmaState {
  /** The biased average. */
  last: number;
  /** Finite points averaged so far. */
  count: number;
}

/**
 * Smooths `y[from…]` into `out[from…]` continuing from `state` (the state before `from`), and
 * returns the state after the last point. `weight` in [0, 1): 0 is no smoothing.
 */
function emaInto(y: ArrayLike<number>, weight: number, out: number[], counts: number[], from: number, state: EmaState): EmaState {
  let { last, count } = state;
  for (let i = from; i < y.length; i++) {
    const value = y[i];
    if (Number.isFinite(value)) {
      last = last * weight + (1 - weight) * value;
      count++;
      out[i] = weight === 0 ? value : last / (1 - Math.pow(weight, count));
    } else {
      out[i] = value;
    }
    counts[i] = count;
  }
  out.length = counts.length = y.length;
  return { last, count };
}

/** The debiased EMA of a whole series. */
export function debiasedEma(y: ArrayLike<number>, weight: number): number[] {
  const out: number[] = [];
  emaInto(y, weight, out, [], 0, { last: 0, count: 0 });
  return out;
}

interface CacheEntry {
  weight: number;
  version: number;
  out: number[];
  /** Finite points averaged up to each index, to resume from any index without starting over. */
  counts: number[];
}

/**
 * Smoothed columns kept between frames: a live run appending steps extends each curve by its new
 * points; a rewritten step (the host merging late micro-batches into it) resumes from that step.
 */
export class EmaCache {
  private readonly entries = new Map<string, CacheEntry>();

  /**
   * The smoothed `y`. `version` identifies the column's content and `changedFrom(version)` gives
   * the lowest index changed since an earlier version (see SplitSeries.changedSince).
   */
  get(key: string, y: ArrayLike<number>, weight: number, version: number, changedFrom: (since: number) => number): number[] {
    let entry = this.entries.get(key);
    if (entry && entry.weight === weight && entry.version === version && entry.out.length === y.length) return entry.out;
    let from = 0;
    if (entry && entry.weight === weight) from = Math.min(changedFrom(entry.version), entry.out.length, y.length);
    else this.entries.set(key, (entry = { weight, version, out: [], counts: [] }));
    // The biased average before `from`, recovered from the debiased one: last = ema · (1 − wⁿ).
    let state: EmaState = { last: 0, count: 0 };
    for (let i = from - 1; i >= 0; i--) {
      if (!Number.isFinite(entry.out[i])) continue;
      const count = entry.counts[i];
      state = { last: weight === 0 ? entry.out[i] : entry.out[i] * (1 - Math.pow(weight, count)), count };
      break;
    }
    emaInto(y, weight, entry.out, entry.counts, from, state);
    entry.version = version;
    return entry.out;
  }

  clear(): void {
    this.entries.clear();
  }
}
