import type { ChartDataset } from 'chart.js';
import { chartLine, flaggedPoints, xValues, type ChartPoint } from '../chartData';
import { mix, withAlpha } from '../colors';
import type { ChartKind, ChartView, LineKind, LineSpec } from './types';

/**
 * Chart.js datasets from a chart's line specs for one frame: each line windowed to the shared x
 * range, smoothed when asked, and downsampled to the plot's width. Dataset objects are reused by
 * id, so a live update swaps `data` arrays and Chart.js keeps its state (hidden series, hover).
 */

export type LineDataset = ChartDataset<'line', ChartPoint[]>;

/** What the legend and tooltip need to know about a dataset beyond Chart.js's fields. */
export interface DatasetInfo {
  id: string;
  group: string;
  label: string;
  split: string;
  kind: LineKind;
  /** The faint unsmoothed copy under a smoothed line: no legend, no tooltip. */
  raw: boolean;
  /** The split's x values and the column the tooltip reads, when it is not the point's y. */
  x: ArrayLike<number>;
  value?: ArrayLike<number>;
}

export interface BuiltDatasets {
  datasets: LineDataset[];
  info: DatasetInfo[];
  /** Points drawn and points in range, over the chart's lines, for the "N of M points" label. */
  shown: number;
  total: number;
  /** The largest finite y drawn by lines and areas, and by logged points. */
  linesMax: number;
  pointsMax: number;
}

/** Dash patterns by split, in order of appearance: train solid, val dashed, then dotted, dash-dot. */
export const SPLIT_DASHES: readonly number[][] = [[], [6, 4], [2, 3], [8, 3, 2, 3]];

export function splitDash(splitIndex: number): number[] {
  return SPLIT_DASHES[splitIndex % SPLIT_DASHES.length];
}

/**
 * Draw order: lower is on top. Markers over lines over logged points (which sit on the line when
 * all is well, and would hide it) over areas over raw copies.
 */
const ORDER: Record<LineKind, number> = { marker: 0, thick: 1, line: 1, points: 2, areaTop: 3, areaBase: 4 };

export function buildDatasets(kind: ChartKind, view: ChartView, buckets: number, reuse: Map<string, LineDataset>, isHidden: (info: DatasetInfo) => boolean): BuiltDatasets {
  const { ui, run, theme } = view;
  const splitOrder = [...run.splits.keys()];
  const logScale = ui.logY && kind.logAllowed;
  const out: BuiltDatasets = { datasets: [], info: [], shown: 0, total: 0, linesMax: -Infinity, pointsMax: -Infinity };
  const baseIndex = new Map<string, number>();
  for (const spec of kind.lines(view)) {
    const series = run.splits.get(spec.split);
    if (!series) continue;
    const x = xValues(series, ui.xAxis);
    const smooth = ui.ema && spec.smooth && ui.emaWeight > 0;
    const smoothed = (column: ArrayLike<number>, key: string): ArrayLike<number> =>
      smooth ? view.emaCache.get(`${kind.key}/${key}`, column, ui.emaWeight, series.version, (v) => series.changedSince(v)) : column;
    const splitIndex = Math.max(0, splitOrder.indexOf(spec.split));
    const dash = splitDash(splitIndex);
    const add = (points: ChartPoint[], raw: boolean): void => {
      const info: DatasetInfo = { id: raw ? `${spec.id}:raw` : spec.id, group: spec.group, label: spec.label, split: spec.split, kind: spec.kind, raw, x };
      if (spec.value) info.value = smoothed(spec.value, `${spec.id}:value`);
      const dataset = reuse.get(info.id) ?? ({ data: [] } as unknown as LineDataset);
      reuse.set(info.id, dataset);
      dataset.data = points;
      const fill = spec.kind === 'areaTop' ? (baseIndex.get(spec.split) ?? false) : spec.kind === 'areaBase' ? (logScale ? 'start' : 'origin') : false;
      // A later split keeps its series' colour, a shade towards the foreground and a little bolder,
      // so a dashed val line still reads over the noise of the train line it usually overlaps.
      const color = splitIndex > 0 && spec.kind !== 'marker' ? mix(spec.color, theme.foreground, 0.5) : spec.color;
      style(dataset, { ...spec, color }, raw, dash, fill, theme.red, points.length > buckets / 5, splitIndex > 0);
      // Later splits (val, test: fewer, smoother points) draw over train rather than under its noise.
      dataset.order = (dataset.order ?? 0) - splitIndex * 0.01;
      dataset.label = spec.label;
      dataset.hidden = isHidden(info);
      if (spec.kind === 'areaBase') baseIndex.set(spec.split, out.datasets.length);
      const max = maxY(points);
      if (spec.kind === 'points') out.pointsMax = Math.max(out.pointsMax, max);
      else if (spec.kind !== 'marker') out.linesMax = Math.max(out.linesMax, max);
      out.datasets.push(dataset);
      out.info.push(info);
    };
    if (spec.kind === 'marker') {
      add(flaggedPoints(x, spec.y, spec.flags ?? [], view.range), false);
      continue;
    }
    const line = chartLine(x, smoothed(spec.y, spec.id), view.range, buckets, logScale);
    if (smooth && !spec.noRaw && (spec.kind === 'line' || spec.kind === 'thick')) add(chartLine(x, spec.y, view.range, buckets, logScale).points, true);
    add(line.points, false);
    out.shown += line.points.length;
    out.total += line.total;
  }
  return out;
}

function maxY(points: readonly ChartPoint[]): number {
  let max = -Infinity;
  for (const point of points) if (point.y > max) max = point.y;
  return max;
}

/** Styles a dataset in place (Chart.js reads these fields on update). */
function style(dataset: LineDataset, spec: LineSpec, raw: boolean, dash: number[], fill: LineDataset['fill'], red: string, dense: boolean, bold: boolean): void {
  const base = { borderDash: dash, pointRadius: 0, pointHoverRadius: 3, pointHitRadius: 4, tension: 0, spanGaps: false, normalized: true, parsing: false as const, showLine: true, fill: false as LineDataset['fill'], order: ORDER[spec.kind] };
  const color = spec.color;
  switch (spec.kind) {
    case 'points':
      // Logged values sit on the recomputed line when all is well: dense, they shrink to dots.
      Object.assign(dataset, base, { showLine: false, pointRadius: dense ? 1.2 : 2.5, pointStyle: 'circle', borderWidth: dense ? 0 : 1, borderColor: color, backgroundColor: withAlpha(color, dense ? 0.7 : 0.45), pointHoverRadius: 4 });
      break;
    case 'marker':
      Object.assign(dataset, base, { showLine: false, pointRadius: 6, pointHoverRadius: 7, pointStyle: 'crossRot', borderWidth: 2, borderColor: red, backgroundColor: red, borderDash: [] });
      break;
    case 'areaBase':
    case 'areaTop':
      Object.assign(dataset, base, { borderWidth: 1, borderColor: withAlpha(color, 0.8), backgroundColor: withAlpha(color, 0.22), fill });
      break;
    default:
      Object.assign(dataset, base, {
        borderWidth: raw ? 1 : (spec.kind === 'thick' ? 3 : 1.6) + (bold ? 0.9 : 0),
        borderColor: raw ? withAlpha(color, 0.28) : color,
        backgroundColor: color,
        order: raw ? 5 : base.order,
        pointHoverRadius: raw ? 0 : 3,
      });
  }
}
