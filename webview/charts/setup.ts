import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Interaction,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type InteractionItem,
  type InteractionModeFunction,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import type { Theme } from '../theme';

declare module 'chart.js' {
  interface InteractionModeMap {
    /** Each dataset's point nearest to the pointer's x, within a few pixels (see below). */
    stepNearest: InteractionModeFunction;
  }
}

declare global {
  interface Window {
    /** Chart.js's constructor: tests read chart data with `Chart.getChart(canvas)`. */
    Chart?: typeof Chart;
  }
}

/** How far (CSS px) from the pointer a dataset's point may be and still show in the tooltip. */
const REACH = 14;

/**
 * Registers only what the panel draws (a smaller bundle than `chart.js/auto`), and a tooltip mode
 * for series with different x values: Chart.js's `index` mode assumes every dataset has a point at
 * each index, which is not so once each line is downsampled on its own and splits log at
 * different steps. This one takes every dataset's point nearest to the pointer's x.
 */
export function setUpChartJs(): void {
  Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Tooltip);
  Interaction.modes.stepNearest = stepNearest;
  window.Chart = Chart;
}

/** The editor's font and text colour for everything a chart writes (legends, tooltips, ticks). */
export function applyChartDefaults(theme: Theme): void {
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(10, theme.fontSize - 1);
  Chart.defaults.color = theme.chartForeground;
  Chart.defaults.borderColor = theme.grid;
}

const stepNearest: InteractionModeFunction = (chart, event) => {
  const items: InteractionItem[] = [];
  const area = chart.chartArea;
  // Chart.js hands modes its own events (canvas coordinates), but a caller of
  // getElementsAtEventForMode may pass a native one, whose x is relative to the viewport.
  const { x, y } = getRelativePosition(event, chart);
  if (x === null || y === null || !area || x < area.left - REACH || x > area.right + REACH) return items;
  const pointerX = x;
  chart.data.datasets.forEach((_, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const elements = chart.getDatasetMeta(datasetIndex).data;
    const index = nearestByPixel(elements, pointerX);
    if (index < 0) return;
    const element = elements[index];
    if (Math.abs(element.x - pointerX) <= REACH && Number.isFinite(element.y)) items.push({ element, datasetIndex, index });
  });
  return items;
};

/** Binary search over elements laid out left to right. */
function nearestByPixel(elements: readonly { x: number }[], x: number): number {
  if (elements.length === 0) return -1;
  let lo = 0;
  let hi = elements.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (elements[mid].x < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(elements[lo - 1].x - x) < Math.abs(elements[lo].x - x)) return lo - 1;
  return lo;
}
