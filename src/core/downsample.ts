/**
 * Spike-preserving downsampling for charts: the x range is cut into buckets and each bucket keeps
 * its minimum and its maximum (in x order), never every Nth point, so a one-step loss spike stays
 * on the chart however far it is zoomed out. A NaN (a diverged step) is kept as well: it is news.
 */
export interface Series {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface Downsampled {
  readonly x: number[];
  readonly y: number[];
  /** Points in the input, for an honest "N of M points" label. */
  readonly total: number;
}

/**
 * Reduces a series with increasing x to at most about `2 × buckets` points (plus any NaN points),
 * bucketed by equal x widths over [x0, xEnd]. A series already small enough is returned whole.
 */
export function downsampleMinMax(series: Series, buckets: number): Downsampled {
  const total = series.x.length;
  const x: number[] = [];
  const y: number[] = [];
  if (total <= 2 * buckets || buckets < 1) {
    for (let i = 0; i < total; i++) {
      x.push(series.x[i]);
      y.push(series.y[i]);
    }
    return { x, y, total };
  }
  const start = series.x[0];
  const width = (series.x[total - 1] - start) / buckets || 1;
  let low = -1;
  let high = -1;
  /** Emits the bucket's extremes so far, in x order. */
  const flush = (): void => {
    if (low < 0) return;
    const first = Math.min(low, high);
    const last = Math.max(low, high);
    x.push(series.x[first]);
    y.push(series.y[first]);
    if (last !== first) {
      x.push(series.x[last]);
      y.push(series.y[last]);
    }
    low = high = -1;
  };
  let i = 0;
  while (i < total) {
    const bucket = Math.min(buckets - 1, Math.floor((series.x[i] - start) / width));
    for (; i < total && Math.min(buckets - 1, Math.floor((series.x[i] - start) / width)) === bucket; i++) {
      const v = series.y[i];
      if (Number.isNaN(v)) {
        flush();
        x.push(series.x[i]);
        y.push(v);
        continue;
      }
      if (low < 0 || v < series.y[low]) low = i;
      if (high < 0 || v > series.y[high]) high = i;
    }
    flush();
  }
  return { x, y, total };
}
