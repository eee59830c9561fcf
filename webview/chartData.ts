import { downsampleMinMax } from '../src/core/downsample';
import { lowerBound, type RunSeries, type SplitSeries } from './series';

/**
 * Shaping a column into what one chart draws: the x values (step or wall time), the part inside
 * the shared x range, and a min/max downsampling to about two points per horizontal pixel, so a
 * chart of a million steps costs what a chart of a thousand does and a one-step spike still shows.
 * No DOM: unit-tested in node.
 */

export type XAxis = 'step' | 'time';

export interface XRange {
  min: number;
  max: number;
}

/** A point as Chart.js reads it with `parsing: false`. */
export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartLine {
  points: ChartPoint[];
  /** Points in the visible x range before downsampling. */
  total: number;
}

const timeCache = new WeakMap<SplitSeries, { version: number; x: number[] }>();

/**
 * A split's x values. For wall time they are made non-decreasing (each time is at least the one
 * before, a missing time repeats the one before): the records of a distributed run carry clocks
 * that may disagree by a little, and windowing and downsampling need x in order.
 */
export function xValues(series: SplitSeries, axis: XAxis): number[] {
  if (axis === 'step') return series.step;
  const cached = timeCache.get(series);
  if (cached && cached.version === series.version) return cached.x;
  const time = series.scalars.time;
  const x: number[] = new Array<number>(time.length);
  let previous = -Infinity;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    previous = Number.isFinite(t) && t > previous ? t : Number.isFinite(previous) ? previous : t;
    x[i] = previous;
  }
  timeCache.set(series, { version: series.version, x });
  return x;
}

/** The x extent of all splits together, or undefined when there is no step. */
export function xExtent(run: RunSeries, axis: XAxis): XRange | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const series of run.splits.values()) {
    if (series.length === 0) continue;
    const x = xValues(series, axis);
    min = Math.min(min, x[0]);
    max = Math.max(max, x[x.length - 1]);
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : undefined;
}

/**
 * Index range [start, end) of the points drawn for an x range: those inside it plus one neighbour
 * on each side, so a line runs to the chart's edge instead of stopping short of it.
 */
export function visibleIndices(x: ArrayLike<number>, range: XRange | undefined): { start: number; end: number } {
  if (!range) return { start: 0, end: x.length };
  const start = Math.max(0, lowerBound(x, range.min) - 1);
  const end = Math.min(x.length, upperBound(x, range.max) + 1);
  return { start, end: Math.max(start, end) };
}

/**
 * The points of one line over an x range, downsampled to `buckets` (the plot's width in pixels:
 * min/max keeps at most two points per bucket). `logScale` turns values ≤ 0 into gaps, since a
 * log axis has no place for them.
 */
export function chartLine(x: ArrayLike<number>, y: ArrayLike<number>, range: XRange | undefined, buckets: number, logScale = false): ChartLine {
  const { start, end } = visibleIndices(x, range);
  const slice = { x: sliceOf(x, start, end), y: sliceOf(y, start, end) };
  const reduced = downsampleMinMax(slice, Math.max(1, Math.floor(buckets)));
  const points: ChartPoint[] = new Array<ChartPoint>(reduced.x.length);
  for (let i = 0; i < reduced.x.length; i++) {
    const value = reduced.y[i];
    points[i] = { x: reduced.x[i], y: logScale && !(value > 0) ? NaN : value };
  }
  return { points, total: reduced.total };
}

/** The points at which `flags` is non-zero, within the range (markers: never downsampled away). */
export function flaggedPoints(x: ArrayLike<number>, y: ArrayLike<number>, flags: ArrayLike<number>, range: XRange | undefined, limit = 2000): ChartPoint[] {
  const { start, end } = visibleIndices(x, range);
  const out: ChartPoint[] = [];
  for (let i = start; i < end && out.length < limit; i++) if (flags[i]) out.push({ x: x[i], y: y[i] });
  return out;
}

/** Index of the point nearest to `value` in an ascending array (−1 when empty). */
export function nearestIndex(x: ArrayLike<number>, value: number): number {
  if (x.length === 0) return -1;
  const i = lowerBound(x, value);
  if (i >= x.length) return x.length - 1;
  if (i === 0) return 0;
  return value - x[i - 1] <= x[i] - value ? i - 1 : i;
}

/** The latest finite value of a column, with its index (for summaries and rankings). */
export function latestFinite(y: ArrayLike<number>): { value: number; index: number } | undefined {
  for (let i = y.length - 1; i >= 0; i--) if (Number.isFinite(y[i])) return { value: y[i], index: i };
  return undefined;
}

/** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ at or above `value` (> 0): an axis end that reads well. */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return value;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value * (1 - 1e-12)) return step * power;
  return 10 * power;
}

function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sliceOf(values: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (start === 0 && end === values.length) return values;
  return Array.isArray(values) ? values.slice(start, end) : Array.prototype.slice.call(values, start, end);
}
