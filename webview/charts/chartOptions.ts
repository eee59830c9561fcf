import type { Chart, ChartOptions, LegendItem, TooltipItem } from 'chart.js';
import { nearestIndex, type XAxis, type XRange } from '../chartData';
import { withAlpha } from '../colors';
import { formatPercent, formatStep, formatTime, formatValue, seriesLabel } from '../format';
import type { Theme } from '../theme';
import type { DatasetInfo } from './datasets';
import type { ChartKind } from './types';

/**
 * Chart.js options for a chart over steps, from the theme and the view's toggles. Every chart's
 * y axis has the same width, so the plots line up one under the other and a step sits at the
 * same horizontal position in all of them.
 */
export const Y_AXIS_WIDTH = 58;

/** What the options' callbacks read at the time they run (the datasets change every frame). */
export interface OptionsContext {
  info(): DatasetInfo[];
  /** Several splits drawn: labels say which. */
  multipleSplits(): boolean;
  /** Legend entries: one per series group, then one per split (its dash pattern). */
  legendItems(chart: Chart): LegendItem[];
  toggleLegend(item: LegendItem, index: number): void;
  resized(): void;
}

export interface ScaleSettings {
  theme: Theme;
  axis: XAxis;
  range: XRange | undefined;
  logScale: boolean;
}

export function chartOptions(kind: ChartKind, scales: ScaleSettings, context: OptionsContext): ChartOptions<'line'> {
  const { theme } = scales;
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    // Chart.js's own scan for min/max is skipped: the data is already sorted and windowed.
    normalized: true,
    parsing: false,
    interaction: { mode: 'stepNearest', intersect: false },
    onResize: () => context.resized(),
    layout: { padding: { top: 10, right: 14, left: 0, bottom: 0 } },
    scales: scaleOptions(kind, scales),
    plugins: {
      legend: {
        position: 'bottom',
        align: 'start',
        labels: {
          color: theme.chartForeground,
          usePointStyle: true,
          pointStyleWidth: 26,
          boxHeight: 8,
          padding: 10,
          generateLabels: (chart) => context.legendItems(chart),
        },
        onClick: (_event, item, legend) => context.toggleLegend(item, legend.legendItems?.indexOf(item) ?? -1),
      },
      tooltip: {
        backgroundColor: withAlpha(theme.background, 0.96),
        titleColor: theme.foreground,
        bodyColor: theme.foreground,
        borderColor: theme.grid,
        borderWidth: 1,
        padding: 8,
        boxPadding: 4,
        usePointStyle: true,
        filter: (item) => !context.info()[item.datasetIndex]?.raw,
        callbacks: {
          title: (items) => (items.length ? formatX(items[0].parsed.x ?? NaN, scales.axis, scales.range) : ''),
          label: (item) => tooltipLabel(item, context, scales.axis, scales.range, kind.percent === true),
        },
      },
    },
  };
}

/** The scales alone, to swap on a toggle (log y, step/time) or a theme change. */
export function scaleOptions(kind: ChartKind, { theme, axis, range, logScale }: ScaleSettings): NonNullable<ChartOptions<'line'>['scales']> {
  const grid = { color: withAlpha(theme.grid, 0.45), drawTicks: false };
  const border = { color: theme.grid };
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) };
  return {
    x: {
      type: 'linear',
      min: range?.min,
      max: range?.max,
      grid,
      border,
      title: { display: true, text: axis === 'step' ? 'step' : 'wall time', color: theme.muted, font, padding: { top: 2, bottom: 0 } },
      ticks: {
        color: theme.chartForeground,
        font,
        padding: 6,
        maxRotation: 0,
        autoSkipPadding: 18,
        includeBounds: false,
        callback: (value) => formatX(Number(value), axis, range, true),
      },
    },
    y: {
      type: logScale ? 'logarithmic' : 'linear',
      min: logScale ? undefined : kind.yMin,
      max: logScale ? undefined : kind.yMax,
      grid,
      border,
      ticks: {
        color: theme.chartForeground,
        font,
        padding: 6,
        maxTicksLimit: 6,
        // Log ticks are thinned by the callback below (1, 2, 5 × 10ᵏ); Chart.js's own thinning
        // would drop exactly those.
        autoSkip: !logScale,
        callback: (value, _index, ticks) => yTick(Number(value), logScale && ticks.length > 10, kind.percent === true),
      },
      afterFit: (scale) => {
        scale.width = Y_AXIS_WIDTH;
      },
    },
  };
}

function yTick(value: number, crowdedLog: boolean, percent: boolean): string {
  if (crowdedLog) {
    // A log axis over decades: label 1, 2 and 5 times powers of ten; the other ticks stay lines.
    const mantissa = value / Math.pow(10, Math.floor(Math.log10(value)));
    if (![1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)) return '';
  }
  return percent ? formatPercent(value) : formatValue(value);
}

/** An x value as the axis and tooltip show it: a step number, or a clock time. */
export function formatX(value: number, axis: XAxis, range: XRange | undefined, tick = false): string {
  if (axis === 'time') return formatTime(value, !!range && range.max - range.min > 86_400);
  return tick ? formatStep(value, true) : `step ${formatStep(value)}`;
}

function tooltipLabel(item: TooltipItem<'line'>, context: OptionsContext, axis: XAxis, range: XRange | undefined, percent: boolean): string {
  const info = context.info()[item.datasetIndex];
  if (!info) return '';
  const x = item.parsed.x ?? NaN;
  const value = info.value ? info.value[nearestIndex(info.x, x)] : (item.parsed.y ?? NaN);
  const name = info.kind === 'marker' ? `${info.label}` : seriesLabel(info.label, info.split, context.multipleSplits());
  const shown = info.kind === 'marker' ? `: logged ${formatValue(value)}, recomputed ${formatValue(item.parsed.y ?? NaN)}` : `: ${percent ? formatPercent(value) : formatValue(value)}`;
  const first = item.chart.tooltip?.dataPoints?.[0]?.parsed.x;
  // Splits log at different steps: say which step a value is from when it's not the title's.
  const at = first !== undefined && first !== x ? `  (${formatX(x, axis, range)})` : '';
  return `${name}${shown}${at}`;
}
