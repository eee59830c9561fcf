import { visibleIndices, type XRange } from './chartData';

/**
 * The neuron × step heatmap's cells: one column per horizontal pixel and one row per neuron (or
 * per group of neurons when there are more than the canvas has pixel rows). A cell holds the
 * largest value among the steps (and neurons) it covers, so one bad step or neuron is never
 * averaged away; a NaN anywhere in a cell makes the cell NaN. No DOM: unit-tested in node.
 */

export interface HeatmapGrid {
  columns: number;
  rows: number;
  /** Row-major, `rows × columns`: NaN non-finite, −Infinity no step there. */
  values: Float32Array;
  /** First neuron of each row (a row may pool several). */
  rowStart: number[];
  /** The top of the colour scale: a high quantile of the finite values, so one spike does not wash out the rest. */
  scaleMax: number;
  /** The largest finite value (when above scaleMax, the legend says "≥"). */
  max: number;
}

/** Folds a value into a cell: NaN wins, otherwise the maximum. */
function fold(current: number, value: number): number {
  if (Number.isNaN(current) || Number.isNaN(value)) return NaN;
  return value > current ? value : current;
}

/**
 * Builds the grid for `neurons[c][i]` over the steps at `x[i]` inside `range`. Each step's value
 * also fills the empty pixel columns up to the next step, so sparse steps draw as bands.
 */
export function heatmapGrid(x: ArrayLike<number>, neurons: readonly ArrayLike<number>[], range: XRange, columns: number, maxRows: number): HeatmapGrid {
  columns = Math.max(1, Math.floor(columns));
  const rows = Math.max(0, Math.min(neurons.length, Math.floor(maxRows)));
  const values = new Float32Array(rows * columns).fill(-Infinity);
  const rowStart = Array.from({ length: rows }, (_, r) => Math.floor((r * neurons.length) / rows));
  const { start, end } = visibleIndices(x, range);
  const span = range.max - range.min || 1;
  const pixel = (i: number): number => Math.floor(((x[i] - range.min) / span) * columns);
  for (let i = start; i < end; i++) {
    const from = pixel(i);
    // A step covers its own pixel and the empty ones up to the next step (the last: one pixel).
    const to = i + 1 < end ? Math.max(from + 1, pixel(i + 1)) : from + 1;
    if (to <= 0 || from >= columns) continue;
    for (let r = 0; r < rows; r++) {
      const last = r + 1 < rows ? rowStart[r + 1] : neurons.length;
      let value = -Infinity;
      for (let c = rowStart[r]; c < last; c++) value = fold(value, neurons[c][i]);
      const row = r * columns;
      for (let p = Math.max(0, from); p < Math.min(columns, to); p++) {
        // Its own pixel folds (several steps share it); later pixels are only filled when empty.
        if (p === from || values[row + p] === -Infinity) values[row + p] = p === from ? fold(values[row + p], value) : value;
      }
    }
  }
  const { scaleMax, max } = scaleOf(values);
  return { columns, rows, values, rowStart, scaleMax, max };
}

/** The 99th percentile of a sample of the finite values (and the true maximum). */
function scaleOf(values: Float32Array): { scaleMax: number; max: number } {
  const stride = Math.max(1, Math.floor(values.length / 20_000));
  const sample: number[] = [];
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v > max) max = v;
    if (i % stride === 0) sample.push(v);
  }
  if (sample.length === 0) return { scaleMax: 1, max: 0 };
  sample.sort((a, b) => a - b);
  const quantile = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))];
  return { scaleMax: quantile > 0 ? quantile : max > 0 ? max : 1, max };
}

/** Where a value sits on the colour scale, in [0, 1]: linear from 0 to the scale's top, clipped. */
export function scalePosition(value: number, scaleMax: number): number {
  if (!(value > 0)) return 0;
  return Math.min(1, value / scaleMax);
}
