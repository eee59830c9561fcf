import type { RunInfo } from '../../src/protocol';
import type { XRange } from '../chartData';
import type { RunSeries } from '../series';
import type { EmaCache } from '../smoothing';
import type { UiState } from '../state';
import type { Theme } from '../theme';

/** Everything a chart needs to draw itself for one frame. */
export interface ChartView {
  run: RunSeries;
  info: RunInfo;
  theme: Theme;
  ui: UiState;
  /** The x range drawn (the zoom, or the whole extent); undefined when there is no data. */
  range: XRange | undefined;
  /** The whole data's x range. */
  extent: XRange | undefined;
  emaCache: EmaCache;
  /** x values of the steps with non-finite outputs (all splits). */
  nonfiniteX: number[];
  /** x value of the step shown in the inspector. */
  selectedX?: number;
}

/**
 * How a series is drawn: `line`; `thick` (a reference line such as p(target)); `points` (logged
 * values); `marker` (flagged steps, never downsampled away); `areaBase`/`areaTop` (a stacked area:
 * the top layer fills down to the base layer, drawn from the running sum).
 */
export type LineKind = 'line' | 'thick' | 'points' | 'marker' | 'areaBase' | 'areaTop';

export interface LineSpec {
  /** Stable key: the Chart.js dataset is reused across frames. */
  id: string;
  /** Legend group (series name): toggling it in the legend hides it in every split. */
  group: string;
  /** Legend and tooltip label, without the split. */
  label: string;
  split: string;
  /** The column, indexed like the split's steps. */
  y: ArrayLike<number>;
  /** What the tooltip reports, when not `y` (a stacked layer reports its own value, not the sum). */
  value?: ArrayLike<number>;
  /** `marker`: the steps to mark (non-zero). */
  flags?: ArrayLike<number>;
  color: string;
  kind: LineKind;
  /** EMA smoothing applies (not to logged points or markers). */
  smooth: boolean;
  /** No faint raw copy under the smoothed line (an outline that is only a reference). */
  noRaw?: boolean;
}

/** One kind of chart: its words, its scales, and the series it draws from the run. */
export interface ChartKind {
  /** The canvas's `data-chart` attribute and the PNG's name. */
  key: string;
  title: string;
  /** One sentence under the title saying what the chart shows. */
  description: string;
  /** Fixed y bounds (accuracy and probabilities: [0, 1]). */
  yMin?: number;
  yMax?: number;
  /** Ticks as percentages. */
  percent?: boolean;
  /** Whether the log-scale toggle applies (not to accuracy). */
  logAllowed: boolean;
  lines(view: ChartView): LineSpec[];
  /** The canvas's aria-label: what a screen reader says the chart currently shows. */
  summary(view: ChartView): string;
  /** Short notes shown above the chart (e.g. logged loss mismatches). */
  notes?(view: ChartView): { text: string; tone: 'warning' | 'info' }[];
}
